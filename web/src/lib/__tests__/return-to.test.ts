import { describe, expect, it } from 'vitest';
import { currentPath, safeReturnTo, sameOriginPath, signInPagePath } from '../return-to';

describe('safeReturnTo', () => {
  it.each(['/', '/referrals/find', '/referrals/000000070000?x=1#top'])('accepts %s', (value) => {
    expect(safeReturnTo(value)).toBe(value);
  });

  it.each([
    null,
    '',
    'referrals',
    '//evil.example',
    '/.//evil.example',
    '/..//evil.example',
    '/referrals/..//evil.example',
    '/%2e//evil.example',
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

describe('signInPagePath', () => {
  it('keeps a safe returnTo for after sign-in', () => {
    expect(signInPagePath('/referrals/000000070000?x=1')).toBe(
      '/?returnTo=%2Freferrals%2F000000070000%3Fx%3D1',
    );
  });

  it.each([null, undefined, '//evil.example', 'https://evil.example/'])(
    'is the plain landing page for %j',
    (value) => {
      expect(signInPagePath(value)).toBe('/');
    },
  );
});

describe('currentPath', () => {
  it('is the path and query', () => {
    expect(currentPath(new URL('http://localhost/referrals/find?x=1#y'))).toBe(
      '/referrals/find?x=1',
    );
  });
});

describe('sameOriginPath', () => {
  const origin = 'http://localhost:3000';

  it.each([
    ['/referrals/000000070000', '/referrals/000000070000'],
    ['http://localhost:3000/referrals/find?x=1', '/referrals/find?x=1'],
  ])('keeps %s', (value, path) => {
    expect(sameOriginPath(value, origin)).toBe(path);
  });

  it.each([
    'https://evil.example/',
    '//evil.example/x',
    'javascript:alert(1)',
    'http://localhost:3001/',
  ])('replaces %s with the find page', (value) => {
    expect(sameOriginPath(value, origin)).toBe('/referrals/find');
  });
});
