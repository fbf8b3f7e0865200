import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { BffUserResponseSchema, CSRF_HEADER, apiPaths, bffPaths } from '@ers/shared/bff-contract';
import { server } from '@/testing/server';
import { apiRequest } from '../api-client';
import { earlyRequestsFor, startEarlyRequests, takeEarlyResponse } from '../early-requests';

/** Counts the BFF's answers to GET /bff/user, and the CSRF header each request carried. */
function countUserRequests() {
  const seen: (string | null)[] = [];
  server.use(
    http.get('/bff/user', async ({ request }) => {
      seen.push(request.headers.get(CSRF_HEADER));
      const { signedInUser } = await import('@/testing/data');
      return HttpResponse.json(signedInUser);
    }),
  );
  return seen;
}

describe('earlyRequestsFor', () => {
  it("names the contract's paths each first page asks for", () => {
    expect(earlyRequestsFor('/referrals/000000070000')).toEqual([
      bffPaths.user,
      apiPaths.referral('000000070000'),
      apiPaths.referralPatient('000000070000'),
    ]);
    for (const page of ['/', '/worklists', '/worklists/x', '/referrals/find', '/choose-context'])
      expect(earlyRequestsFor(page), page).toEqual([bffPaths.user]);
    // Pages that never ask who is signed in, and pages that are not the app's.
    for (const page of ['/signed-out', '/session-ended', '/session-conflict', '/nowhere'])
      expect(earlyRequestsFor(page), page).toEqual([]);
  });
});

describe('early requests', () => {
  it('apiRequest takes the early answer instead of asking again, once', async () => {
    const seen = countUserRequests();
    startEarlyRequests('/worklists');
    const first = await apiRequest(bffPaths.user, BffUserResponseSchema);
    expect(first.user.name).toBe('Dr Alex Example');
    expect(seen).toEqual(['1']);

    // Taken: the next request is a request.
    await apiRequest(bffPaths.user, BffUserResponseSchema);
    expect(seen).toEqual(['1', '1']);
  });

  it('an early answer that is no longer fresh is not used', () => {
    countUserRequests();
    startEarlyRequests('/worklists', 1_000);
    expect(takeEarlyResponse(bffPaths.user, 12_000)).toBeUndefined();
    startEarlyRequests('/worklists', 1_000);
    expect(takeEarlyResponse(bffPaths.user, 5_000)).toBeInstanceOf(Promise);
  });

  it('a mutation never takes an early answer', async () => {
    const seen = countUserRequests();
    let posted = 0;
    server.use(
      http.post('/bff/user', () => {
        posted += 1;
        return HttpResponse.json({});
      }),
    );
    startEarlyRequests('/worklists');
    await apiRequest(
      bffPaths.user,
      { safeParse: (data: unknown) => ({ success: true, data }) },
      {
        method: 'POST',
        body: {},
      },
    );
    expect(posted).toBe(1);
    // The early GET was made, and is still there for the GET it was for.
    expect(seen).toEqual(['1']);
    expect(takeEarlyResponse(bffPaths.user)).toBeInstanceOf(Promise);
  });
});
