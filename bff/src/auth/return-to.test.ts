import { describe, expect, it } from 'vitest';
import { DEFAULT_RETURN_TO, MAX_RETURN_TO_LENGTH, safeReturnTo } from './return-to';

describe('safeReturnTo', () => {
  it.each(['/referrals/000000070000', '/referrals/find?x=1#top', '/'])(
    'keeps the same-origin path %s',
    (path) => {
      expect(safeReturnTo(path)).toBe(path);
    },
  );

  it.each([
    undefined,
    '',
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    '/\t/evil.example',
    '/\n/evil.example',
    'referrals',
    '/.//evil.example',
    '/..//evil.example',
    '/referrals/..//evil.example',
  ])('refuses %j', (value) => {
    expect(safeReturnTo(value)).toBe(DEFAULT_RETURN_TO);
  });

  it.each(['/%2F%2Fevil.example', '/%0a/evil', '/%5Cevil.example'])(
    'keeps the encoded %s on our origin',
    (value) => {
      const result = safeReturnTo(value);
      expect(new URL(result, 'https://bff.test').origin).toBe('https://bff.test');
      expect(result.startsWith('//')).toBe(false);
    },
  );

  it('never lets an encoded slash turn a path into another host', () => {
    expect(safeReturnTo('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
    expect(new URL(safeReturnTo('/%2F%2Fevil.example'), 'https://bff.test').host).toBe('bff.test');
  });

  it('keeps a path of exactly 2 KB, and refuses one a character longer', () => {
    const longest = `/referrals/find?q=${'a'.repeat(MAX_RETURN_TO_LENGTH - 18)}`;
    expect(longest).toHaveLength(2048);
    expect(safeReturnTo(longest)).toBe(longest);
    expect(safeReturnTo(`${longest}a`)).toBe(DEFAULT_RETURN_TO);
  });

  it('refuses a short value that percent-encoding makes longer than 2 KB', () => {
    const value = `/${'é'.repeat(400)}`;
    expect(value.length).toBeLessThan(MAX_RETURN_TO_LENGTH);
    expect(safeReturnTo(value)).toBe(DEFAULT_RETURN_TO);
  });
});
