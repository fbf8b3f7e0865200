/**
 * `/health/ready` with its dependencies hung, the BFF built from configuration as in production:
 * a session store whose ping never answers (a frozen Redis) and a CIS2 that accepts the request
 * and says nothing. Readiness must answer "not ready" on its own deadline, not wait for them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../src/session/memory-store';
import type { KeyValueStore } from '../src/session/store';
import { startBff, type InProcessBff } from './support/harness';

let bff: InProcessBff | undefined;
afterEach(async () => {
  await bff?.close();
  bff = undefined;
});

/** Never settles, as a call to a frozen dependency does; says whether anything called it. */
function hang() {
  const state = { called: false };
  const promise = () => {
    state.called = true;
    return new Promise<never>(() => undefined);
  };
  return { state, promise };
}

describe('/health/ready with a hung dependency', () => {
  it('says the store is not ready when its ping never answers', async () => {
    const frozen = hang();
    const store: KeyValueStore = { ...createMemoryStore(), ping: frozen.promise };
    bff = await startBff({ store, fetch: async () => Response.json({}, { status: 500 }) });
    const response = await bff.app.request('https://ers-client.example.nhs.uk/health/ready');
    expect(frozen.state.called).toBe(true);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'unavailable', store: false });
  });

  it('says CIS2 is not ready when discovery never answers', async () => {
    const silent = hang();
    bff = await startBff({ fetch: silent.promise });
    const response = await bff.app.request('https://ers-client.example.nhs.uk/health/ready');
    expect(silent.state.called).toBe(true);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'unavailable', store: true, cis2: false });
  });
});
