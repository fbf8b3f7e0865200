import { describe, expect, it } from 'vitest';
import { describeError } from './describe-error';

describe('describeError', () => {
  it('names the error, its code and its cause in one line, without a stack', () => {
    const cause = new TypeError('fetch failed\nsocket hang up');
    const error = Object.assign(new Error('unexpected response', { cause }), {
      code: 'OAUTH_RESPONSE_IS_NOT_CONFORM',
    });
    const line = describeError(error)!;
    expect(line).toBe(
      'Error OAUTH_RESPONSE_IS_NOT_CONFORM: unexpected response (cause: TypeError: fetch failed socket hang up)',
    );
    expect(line).not.toContain('\n');
    expect(line).not.toContain(' at ');
  });

  it("adds an OAuth error response's error code", () => {
    const error = Object.assign(new Error('authorization response from the server is an error'), {
      name: 'AuthorizationResponseError',
      code: 'OAUTH_AUTHORIZATION_RESPONSE_ERROR',
      error: 'unmet_authentication_requirements',
    });
    expect(describeError(error)).toBe(
      'AuthorizationResponseError OAUTH_AUTHORIZATION_RESPONSE_ERROR unmet_authentication_requirements: authorization response from the server is an error',
    );
  });

  it('passes plain values through, and nothing for nothing', () => {
    expect(describeError({ kind: 'not_found', ersCode: 'REFERRAL_NOT_FOUND' })).toBe(
      '{"kind":"not_found","ersCode":"REFERRAL_NOT_FOUND"}',
    );
    expect(describeError(undefined)).toBeUndefined();
  });
});
