/**
 * Unique Booking Reference Number: exactly 12 digits. Leading zeros are significant, so a UBRN is
 * always handled as a string, never as a number.
 */
import { z } from 'zod';

export const UBRN_PATTERN = /^\d{12}$/;

export const UbrnSchema = z.string().regex(UBRN_PATTERN).brand<'Ubrn'>();
export type Ubrn = z.infer<typeof UbrnSchema>;

export type UbrnParseResult = { ok: true; ubrn: Ubrn } | { ok: false; message: string };

/**
 * Accepts what a clinician types or pastes: 12 digits, optionally grouped with spaces
 * (`0000 0007 0000`), as printed on referral letters.
 */
export function parseUbrn(input: string): UbrnParseResult {
  const compact = input.replace(/\s+/g, '');
  if (compact === '') {
    return { ok: false, message: 'Enter a UBRN' };
  }
  if (!/^\d+$/.test(compact)) {
    return { ok: false, message: 'UBRN must only include numbers 0 to 9' };
  }
  if (compact.length !== 12) {
    return { ok: false, message: 'UBRN must be 12 digits' };
  }
  return { ok: true, ubrn: compact as Ubrn };
}

/** `000000070000` -> `0000 0007 0000`, the grouping used on e-RS letters and screens. */
export function formatUbrn(ubrn: string): string {
  return ubrn.replace(/^(\d{4})(\d{4})(\d{4})$/, '$1 $2 $3');
}
