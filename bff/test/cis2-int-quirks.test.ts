/**
 * CIS2 INT as it is, where the CIS2 stand-in cannot be: an issuer with an explicit `:443` (the
 * stand-in's is `http://localhost:<port>`), discovery naming it without the port, assurance
 * levels as numbers as well as strings. Against the forged CIS2 (support/forged-cis2.ts), with the refusal contract of callback-refusals.
 */
import { createPublicKey } from 'node:crypto';
import { jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  BFF_PUBLIC_KEY_PEM,
  CIS2_INT_ISSUER,
  FORGED_RETURN_TO,
  createForgedCis2,
  expectRefused,
  expectSignedIn,
  roundTripWith,
  setCookies,
  startBffWithForgedCis2,
} from './support/harness';

const ISSUER_WITHOUT_PORT = CIS2_INT_ISSUER.replace(':443', '');

describe('discovery: the issuer is compared as the configured string, :443 included', () => {
  it('refuses to start a sign-in when discovery names the issuer without :443', async () => {
    const forged = await createForgedCis2();
    forged.script.discovery = { issuer: ISSUER_WITHOUT_PORT };
    const bff = await startBffWithForgedCis2({ forged });
    const browser = bff.browser();

    const response = await browser.request('/bff/login');
    // A navigation: the user gets a page saying CIS2 is unavailable, and no sign-in starts.
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/sign-in-problem?reason=cis2_unavailable');
    expect(setCookies(response.headers)).toEqual([]);
    expect(forged.authorizationRequests).toEqual([]);
    expect(bff.logs.map((line) => JSON.stringify(line)).join('\n')).toContain(
      `discovery issuer ${ISSUER_WITHOUT_PORT} is not ${CIS2_INT_ISSUER}`,
    );
    expect((await browser.user()).status).toBe(401);
    const ready = await browser.request('/health/ready');
    expect(JSON.parse(ready.body)).toMatchObject({ cis2: false });
  });

  it('refuses the callback on an instance whose discovery names the issuer without :443', async () => {
    // Two BFF instances sharing the session store (as with Redis): the sign-in starts on a
    // healthy one and the callback lands on one that has just fetched a bad discovery document.
    const good = await startBffWithForgedCis2();
    const browser = good.browser();
    const login = await good.login(browser, `?returnTo=${encodeURIComponent(FORGED_RETURN_TO)}`);
    const callbackUrl = good.forged.authorize(login.location);

    const badForged = await createForgedCis2();
    badForged.script.discovery = { issuer: ISSUER_WITHOUT_PORT };
    const bad = await startBffWithForgedCis2({ forged: badForged, store: good.store });
    const result = await bad.callback(browser, callbackUrl);
    await expectRefused(bad, browser, result, 'cis2_unavailable', /discovery issuer/);
    expect(badForged.tokenRequests()).toHaveLength(0);
    expect(good.forged.tokenRequests()).toHaveLength(0);
  });
});

describe('assurance levels (CIS2 sends "3" or 3: both are accepted)', () => {
  it.each([
    ['"2"', '2'],
    ['2', 2],
    ['"1"', '1'],
  ])('refuses id_assurance_level %s as low_identity_assurance', async (_label, level) => {
    const bff = await startBffWithForgedCis2();
    const result = await roundTripWith(bff, { idTokenClaims: { id_assurance_level: level } });
    await expectRefused(bff, result.browser, result, 'low_identity_assurance');
  });

  it.each([
    ['1', 1],
    ['"1"', '1'],
  ])(
    'refuses authentication_assurance_level %s as low_authentication_assurance',
    async (_label, level) => {
      const bff = await startBffWithForgedCis2();
      const result = await roundTripWith(bff, {
        idTokenClaims: { authentication_assurance_level: level },
      });
      await expectRefused(bff, result.browser, result, 'low_authentication_assurance');
    },
  );

  it.each([
    ['numbers 3 / 3', 3, 3],
    ['strings "3" / "3"', '3', '3'],
    ['number 3 / string "2"', 3, '2'],
    ['string "3" / number 2', '3', 2],
  ])('accepts identity / authentication assurance as %s', async (_label, ial, aal) => {
    const bff = await startBffWithForgedCis2();
    const result = await roundTripWith(bff, {
      idTokenClaims: { id_assurance_level: ial, authentication_assurance_level: aal },
    });
    await expectSignedIn(bff, result);
  });
});

describe('client authentication at the CIS2 token endpoint', () => {
  it('signs the private_key_jwt assertion for the token endpoint as discovery names it, :443 included', async () => {
    const bff = await startBffWithForgedCis2();
    await expectSignedIn(bff, await roundTripWith(bff));
    const [token] = bff.forged.tokenRequests();
    const assertion = token!.body.get('client_assertion')!;
    const { payload } = await jwtVerify(assertion, createPublicKey(BFF_PUBLIC_KEY_PEM), {
      algorithms: ['RS512'],
    });
    // A URL parser would drop the default port; CIS2 compares the string.
    expect(payload.aud).toBe(`${CIS2_INT_ISSUER}/access_token`);
  });
});
