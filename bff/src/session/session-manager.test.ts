import { describe, expect, it } from 'vitest';
import { createMemoryStore } from './memory-store';
import type { Session } from './session';
import { createSessionManager } from './session-manager';

const MINUTE = 60_000;
const data: Omit<Session, 'createdAt' | 'lastSeenAt' | 'expiresAt'> = {
  sub: '555',
  sid: null,
  name: 'Dr Test',
  role: {
    id: 'r',
    name: 'Consultant',
    code: 'c',
    organisation: { odsCode: 'RCD', name: 'X' },
    activityCodes: [],
  },
  actingAs: { odsCode: 'RCD', businessFunction: 'SERVICE_PROVIDER_CLINICIAN' },
  cis2: { idToken: 'id', idTokenExpiresAt: 0, authTime: 0 },
  apim: { accessToken: 'at', accessTokenExpiresAt: 0, refreshToken: null },
};

function setup() {
  let now = 1_000_000;
  const clock = { advance: (ms: number) => (now += ms) };
  const store = createMemoryStore(() => now);
  const sessions = createSessionManager({
    store,
    idleMs: 15 * MINUTE,
    absoluteMs: 60 * MINUTE,
    now: () => now,
  });
  return { sessions, clock };
}

describe('sessions', () => {
  it('ends after the idle timeout', async () => {
    const { sessions, clock } = setup();
    const { id } = await sessions.create(data);
    clock.advance(15 * MINUTE - 1);
    expect(await sessions.load(id, { slide: false })).not.toBeNull();
    clock.advance(1);
    expect(await sessions.load(id, { slide: false })).toBeNull();
  });

  it('slides on activity, but not on a poll', async () => {
    const { sessions, clock } = setup();
    const { id } = await sessions.create(data);
    clock.advance(10 * MINUTE);
    await sessions.load(id, { slide: false });
    clock.advance(6 * MINUTE);
    expect(await sessions.load(id, { slide: false })).toBeNull();

    const second = await sessions.create(data);
    clock.advance(10 * MINUTE);
    await sessions.load(second.id, { slide: true });
    clock.advance(10 * MINUTE);
    expect(await sessions.load(second.id, { slide: false })).not.toBeNull();
  });

  it('ends at the absolute limit however active the user is', async () => {
    const { sessions, clock } = setup();
    const { id } = await sessions.create(data);
    for (let i = 0; i < 5; i += 1) {
      clock.advance(10 * MINUTE);
      expect(await sessions.load(id, { slide: true })).not.toBeNull();
    }
    clock.advance(10 * MINUTE);
    expect(await sessions.load(id, { slide: true })).toBeNull();
  });

  it('gives a sign-in transaction out once only', async () => {
    const { sessions } = setup();
    const id = await sessions.beginLogin({
      state: 's',
      nonce: 'n',
      codeVerifier: 'v',
      returnTo: '/',
    });
    expect(await sessions.takeLogin(id)).toMatchObject({ state: 's' });
    expect(await sessions.takeLogin(id)).toBeNull();
  });

  it('issues unguessable ids, new at each sign-in', async () => {
    const { sessions } = setup();
    const first = await sessions.create(data);
    const second = await sessions.create(data);
    expect(first.id).not.toBe(second.id);
    expect(Buffer.from(first.id, 'base64url').length).toBe(32);
  });
});
