/**
 * A code as e-RS sends it with the words a clinician reads beside it. Every view model uses this
 * one shape, so the SPA renders codes the same way everywhere.
 */
import { z } from 'zod';
import type { Coding } from './ers-fhir';

export const CodedValueSchema = z.object({ code: z.string(), label: z.string() });
export type CodedValue = z.infer<typeof CodedValueSchema>;

/** `CARDIOLOGY` -> `Cardiology`; used when e-RS gives a code without a display. */
export function labelFromCode(code: string): string {
  const words = code.toLowerCase().split(/[_-]/).join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Our label first (local wording), then e-RS's display, then the code made readable. */
export function toCodedValue(
  coding: Coding | undefined,
  labels?: Record<string, string>,
): CodedValue | null {
  if (!coding?.code) return null;
  return {
    code: coding.code,
    label: labels?.[coding.code] ?? coding.display ?? labelFromCode(coding.code),
  };
}
