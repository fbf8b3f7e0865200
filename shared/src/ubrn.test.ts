import { describe, expect, it } from 'vitest';
import { formatUbrn, parseUbrn } from './ubrn';

describe('parseUbrn', () => {
  it.each([
    ['000000070000', '000000070000'],
    ['0000 0007 0000', '000000070000'],
    [' 000000070000 ', '000000070000'],
  ])('accepts %j', (input, ubrn) => {
    expect(parseUbrn(input)).toEqual({ ok: true, ubrn });
  });

  it.each([
    ['', 'Enter a UBRN'],
    ['   ', 'Enter a UBRN'],
    ['12345', 'UBRN must be 12 digits'],
    ['0000000700001', 'UBRN must be 12 digits'],
    ['00000007000a', 'UBRN must only include numbers 0 to 9'],
    ['0000-0007-0000', 'UBRN must only include numbers 0 to 9'],
    ['٠٠٠٠٠٠٠٧٠٠٠٠', 'UBRN must only include numbers 0 to 9'],
  ])('refuses %j with a message a clinician can act on', (input, message) => {
    expect(parseUbrn(input)).toEqual({ ok: false, message });
  });

  it('keeps leading zeros', () => {
    const result = parseUbrn('000000000001');
    expect(result.ok && result.ubrn).toBe('000000000001');
  });
});

describe('formatUbrn', () => {
  it('groups in fours', () => {
    expect(formatUbrn('000000070000')).toBe('0000 0007 0000');
  });
});
