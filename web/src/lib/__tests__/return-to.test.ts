import { describe, expect, it } from 'vitest';
import { safeReturnTo } from '../return-to';

describe('safeReturnTo', () => {
  it.each(['/', '/referrals/find', '/referrals/000000070000?x=1#top'])('accepts %s', (value) => {
    expect(safeReturnTo(value)).toBe(value);
  });

  it.each([
    null,
    '',
    'referrals',
    '//evil.example',
    '/\\evil.example',
    'https://evil.example/',
    '/ok\nno',
    '/a b',
    '/a\\b',
    'javascript:alert(1)',
  ])('rejects %j', (value) => {
    expect(safeReturnTo(value)).toBeNull();
  });
});
