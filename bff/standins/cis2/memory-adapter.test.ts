import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from './memory-adapter';

describe("the CIS2 stand-in's store", () => {
  it('forgets an entry once it expires, and not before', async () => {
    let now = 1_000_000;
    const codes = createMemoryAdapter(() => now)('AuthorizationCode');
    await codes.upsert('code-1', { accountId: 'a' }, 60);
    now += 59_999;
    expect(await codes.find('code-1')).toMatchObject({ accountId: 'a' });
    now += 1;
    expect(await codes.find('code-1')).toBeUndefined();
  });

  it('marks a code consumed, so oidc-provider refuses it a second time', async () => {
    const codes = createMemoryAdapter(() => 5_000)('AuthorizationCode');
    await codes.upsert('code-1', { accountId: 'a' }, 60);
    await codes.consume('code-1');
    expect(await codes.find('code-1')).toMatchObject({ consumed: 5 });
  });

  it("revokes every token of a grant (a reused refresh token), and no other grant's", async () => {
    const adapter = createMemoryAdapter();
    const access = adapter('AccessToken');
    const refresh = adapter('RefreshToken');
    await access.upsert('at-1', { grantId: 'g1' }, 600);
    await refresh.upsert('rt-1', { grantId: 'g1' }, 600);
    await access.upsert('at-2', { grantId: 'g2' }, 600);
    await refresh.revokeByGrantId('g1');
    expect(await access.find('at-1')).toBeUndefined();
    expect(await refresh.find('rt-1')).toBeUndefined();
    expect(await access.find('at-2')).toMatchObject({ grantId: 'g2' });
  });

  it('finds a session by its uid, and keeps models apart', async () => {
    const adapter = createMemoryAdapter();
    await adapter('Session').upsert('s-1', { uid: 'u-1', accountId: 'a' }, 600);
    expect(await adapter('Session').findByUid('u-1')).toMatchObject({ accountId: 'a' });
    expect(await adapter('Interaction').find('s-1')).toBeUndefined();
  });
});
