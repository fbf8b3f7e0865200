import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { BffUserResponseSchema } from '@ers/shared/bff-contract';
import type { Problem } from '@ers/shared/problem';
import { server } from '@/testing/server';
import { ApiError, apiRequest } from '../api-client';

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

describe('apiRequest', () => {
  it('sends X-CSRF and returns the validated body', async () => {
    let csrf: string | null = null;
    server.use(
      http.get('/bff/user', async ({ request }) => {
        csrf = request.headers.get('X-CSRF');
        const { signedInUser } = await import('@/testing/data');
        return HttpResponse.json(signedInUser);
      }),
    );
    const body = await apiRequest('/bff/user', BffUserResponseSchema);
    expect(csrf).toBe('1');
    expect(body.user.name).toBe('Dr Alex Example');
  });

  it('turns problem+json into an ApiError carrying the problem', async () => {
    server.use(
      http.get('/bff/user', () =>
        HttpResponse.json(
          {
            type: 'about:blank',
            title: 'Not signed in',
            status: 401,
            code: 'not_signed_in',
            detail: 'Sign in to continue.',
            correlationId: 'abc',
          },
          { status: 401, headers: { 'Content-Type': 'application/problem+json' } },
        ),
      ),
    );
    const error = await caught(apiRequest('/bff/user', BffUserResponseSchema));
    expect(error.problem).toMatchObject({ code: 'not_signed_in', correlationId: 'abc' });
    expect(error.isSignedOut).toBe(true);
  });

  it('describes a non-problem failure, keeping the correlation header', async () => {
    server.use(
      http.get('/bff/user', () =>
        HttpResponse.text('<html>Bad gateway</html>', {
          status: 502,
          headers: { 'X-Correlation-ID': 'corr-502' },
        }),
      ),
    );
    const error = await caught(apiRequest('/bff/user', BffUserResponseSchema));
    expect(error.problem).toMatchObject({
      status: 502,
      code: 'upstream_unavailable',
      correlationId: 'corr-502',
    });
  });

  it('rejects a 200 body that does not match the contract', async () => {
    server.use(http.get('/bff/user', () => HttpResponse.json({ user: { name: 'x' } })));
    const error = await caught(apiRequest('/bff/user', BffUserResponseSchema));
    expect(error.code).toBe('upstream_invalid_response');
  });
});

describe('ApiError.sessionEndReason', () => {
  const error = (status: number, code: Problem['code']) =>
    new ApiError({ type: 'about:blank', title: code, status, code, detail: 'x' });

  it.each([
    ['session_replaced', 'replaced'],
    ['signed_out_elsewhere', 'signed_out_elsewhere'],
    ['service_restarted', 'restarted'],
  ] as const)('is %s -> %s, and counts as signed out', (code, reason) => {
    expect(error(401, code).sessionEndReason).toBe(reason);
    expect(error(401, code).isSignedOut).toBe(true);
  });

  it('is null for a plain not_signed_in and any other problem', () => {
    expect(error(401, 'not_signed_in').sessionEndReason).toBeNull();
    expect(error(404, 'referral_not_found').sessionEndReason).toBeNull();
    expect(error(404, 'referral_not_found').isSignedOut).toBe(false);
  });
});
