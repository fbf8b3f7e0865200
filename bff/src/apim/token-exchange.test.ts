/**
 * The APIM token request's deadline: a cleared timer over the request and the whole answer, so
 * an APIM that hangs, or sends headers and then stalls, is "unavailable" at 15 s and not before.
 * Fake timers drive it; the deadline, not this machine's speed, ends each call.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadSigningKey } from '../config/signing-key';
import { DeadlineError } from '../http/deadline';
import {
  APIM_TOKEN_TIMEOUT_MS,
  createApimClient,
  type TokenExchangeOutcome,
} from './token-exchange';

const pem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

/** Holds every request until its signal aborts, as a hung server's connection would be. */
function hangingFetch(stage: 'headers' | 'body') {
  const started: string[] = [];
  const fetchImpl: typeof fetch = (_input, init) => {
    started.push(stage);
    const signal = init?.signal;
    const aborted = new Promise<never>((_, reject) => {
      signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
    });
    if (stage === 'headers') return aborted;
    // Headers at once, then a body that never ends.
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"access_token":'));
        void aborted.catch((error: unknown) => controller.error(error));
      },
    });
    return Promise.resolve(
      new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }),
    );
  };
  return { fetchImpl, started };
}

async function client(fetchImpl: typeof fetch) {
  return createApimClient({
    tokenUrl: 'https://int.api.service.nhs.uk/oauth2/token',
    apiKey: 'api-key',
    apiSecret: 'secret',
    key: await loadSigningKey(pem, 'kid-1', 'RS512'),
    now: Date.now,
    fetch: fetchImpl,
  });
}

describe('the APIM token request has a 15 s deadline', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each(['headers', 'body'] as const)(
    'an APIM that stalls before the %s is unavailable at 15 s, not before',
    async (stage) => {
      const { fetchImpl, started } = hangingFetch(stage);
      const apim = await client(fetchImpl);
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      let outcome: TokenExchangeOutcome | undefined;
      const pending = apim.refresh('refresh-token').then((result) => (outcome = result));
      for (let turn = 0; started.length === 0 && turn < 1000; turn += 1) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      await vi.advanceTimersByTimeAsync(APIM_TOKEN_TIMEOUT_MS - 1);
      expect(outcome).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      await pending;
      expect(outcome).toMatchObject({ ok: false, kind: 'unavailable' });
      expect((outcome as { cause: unknown }).cause).toBeInstanceOf(DeadlineError);
      expect(vi.getTimerCount()).toBe(0);
    },
  );

  it('an answer in time clears its timer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const apim = await client(async () =>
      Response.json({ access_token: 'a', token_type: 'Bearer', expires_in: '599' }),
    );
    expect(await apim.refresh('refresh-token')).toMatchObject({ ok: true });
    expect(vi.getTimerCount()).toBe(0);
  });
});
