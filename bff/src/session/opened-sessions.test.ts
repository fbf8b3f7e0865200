/**
 * A session whose stored value has not changed is not decrypted again, and what is remembered
 * cannot be changed through what a request is given. Counts AES-GCM decryptions through a spy on
 * node:crypto, so the test sees the work itself, not a counter the code keeps for it.
 */
import * as nodeCrypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from './memory-store';
import { openedSessions } from './opened-sessions';
import type { NewSession, Session } from './session';
import { createSessionManager } from './session-manager';
import type { SessionHandle } from './store-layout';

vi.mock('node:crypto', async (original) => {
  const actual = await original<typeof nodeCrypto>();
  return { ...actual, createDecipheriv: vi.fn(actual.createDecipheriv) };
});
const decryptions = () => vi.mocked(nodeCrypto.createDecipheriv).mock.calls.length;

const SIGN_IN: NewSession = {
  sub: '555000111222',
  sid: 'cis2-sid-1',
  name: 'Dr Test',
  role: {
    id: 'r',
    name: 'Consultant',
    code: 'c',
    organisation: { odsCode: 'RCD', name: 'X' },
    activityCodes: [],
  },
  actingAs: { odsCode: 'RCD', businessFunction: 'SERVICE_PROVIDER_CLINICIAN' },
  cis2: { idToken: 'id-token', idTokenExpiresAt: 0, authTime: 0 },
  apim: { accessToken: 'access-token', accessTokenExpiresAt: 0, refreshToken: 'refresh-token' },
};

function manager(store = createMemoryStore()) {
  let now = 1_000_000;
  const sessions = createSessionManager({
    store,
    idleMs: 15 * 60_000,
    absoluteMs: 12 * 60 * 60_000,
    now: () => now,
  });
  return { sessions, store, pass: (ms: number) => void (now += ms) };
}

describe('sessions opened before', () => {
  it('decrypts an unchanged session once, however many requests load it', async () => {
    const { sessions } = manager();
    const { id } = await sessions.create(SIGN_IN);
    const before = decryptions();
    for (let i = 0; i < 5; i += 1) {
      expect((await sessions.load(id, { slide: true }))?.apim?.accessToken).toBe('access-token');
    }
    expect(decryptions() - before).toBe(1);
  });

  it('opens a changed, ended or tampered value afresh', async () => {
    const { sessions, store, pass } = manager();
    const { id, session } = await sessions.create(SIGN_IN);
    await sessions.load(id, { slide: true });

    await sessions.save(id, {
      ...session,
      apim: { ...session.apim!, accessToken: 'renewed-token' },
    });
    const before = decryptions();
    expect((await sessions.load(id, { slide: true }))?.apim?.accessToken).toBe('renewed-token');
    expect(decryptions() - before).toBe(1);

    // Slid after 30 s: resealed, so opened again on the next request.
    pass(31_000);
    await sessions.load(id, { slide: true });
    const afterSlide = decryptions();
    await sessions.load(id, { slide: true });
    expect(decryptions() - afterSlide).toBe(1);

    const key = `session:${sessions.handleOf(id)}`;
    const sealed = (await store.get(key))!;
    await store.set(key, `${sealed.slice(0, -4)}AAAA`, 60_000);
    expect(await sessions.load(id, { slide: true })).toBeNull();

    await store.set(key, sealed, 60_000);
    expect(await sessions.load(id, { slide: true })).not.toBeNull();
    await sessions.destroy(id);
    expect(await sessions.load(id, { slide: true })).toBeNull();
  });

  it('gives each request its own copy: nothing it sets reaches the next', async () => {
    const { sessions } = manager();
    const { id } = await sessions.create(SIGN_IN);
    const first = (await sessions.load(id, { slide: false }))!;
    first.lastSeenAt = 0;
    first.actingAs = null;
    expect(() => {
      first.apim!.accessToken = 'changed';
    }).toThrow(TypeError);

    const second = (await sessions.load(id, { slide: false }))!;
    expect(second.lastSeenAt).not.toBe(0);
    expect(second.actingAs).toEqual(SIGN_IN.actingAs);
    expect(second.apim?.accessToken).toBe('access-token');
  });

  it('forgets the oldest beyond its bound', () => {
    const opened = openedSessions(2);
    const session = { name: 'x' } as Session;
    const handle = (n: number) => `h${n}` as SessionHandle;
    for (const n of [1, 2, 3]) opened.remember(`id${n}`, handle(n), `sealed${n}`, { ...session });
    expect(opened.get('id1', 'sealed1')).toBeUndefined();
    expect(opened.get('id2', 'sealed2')).toEqual(session);
    expect(opened.get('id3', 'sealed3')).toEqual(session);
    expect(opened.get('id3', 'other')).toBeUndefined();
  });
});
