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

  it("adds an OAuth error response's error_description, which names the failed check", () => {
    const error = Object.assign(new Error('server responded with an error in the response body'), {
      name: 'ResponseBodyError',
      code: 'OAUTH_RESPONSE_BODY_ERROR',
      error: 'invalid_grant',
      error_description: 'PKCE verification failed',
    });
    expect(describeError(error)).toBe(
      'ResponseBodyError OAUTH_RESPONSE_BODY_ERROR invalid_grant: server responded with an error in the response body (PKCE verification failed)',
    );
  });

  it('passes plain values through, and nothing for nothing', () => {
    expect(describeError({ kind: 'not_found', ersCode: 'REFERRAL_NOT_FOUND' })).toBe(
      '{"kind":"not_found","ersCode":"REFERRAL_NOT_FOUND"}',
    );
    expect(describeError(undefined)).toBeUndefined();
  });
});
