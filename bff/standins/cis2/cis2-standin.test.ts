/**
 * The CIS2 stand-in behaves like CIS2 where the BFF depends on it: checked directly, as a
 * relying party would, with the BFF's registered key.
 */
import * as oauth from 'oauth4webapi';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, importPKCS8, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalEnvironment, type LocalEnvironment } from '../../local/local-environment';
import { Browser } from '../../test/support/browser';

let env: LocalEnvironment;
let as: oauth.AuthorizationServer;
let client: oauth.Client;
let clientAuth: oauth.ClientAuth;
const http = { [oauth.allowInsecureRequests]: true };

beforeAll(async () => {
  env = await startLocalEnvironment({ logLevel: 'silent' });
  const issuer = new URL(env.config.CIS2_ISSUER);
  as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, http));
  client = { client_id: env.config.CIS2_CLIENT_ID };
  const key = await importPKCS8(env.config.SIGNING_KEY_PEM, 'RS512');
  clientAuth = (server, c, body, headers) =>
    oauth.PrivateKeyJwt(
      { key, kid: env.config.SIGNING_KEY_ID },
      {
        [oauth.modifyAssertion](header, payload) {
          header.typ = 'JWT';
          payload.aud = server.token_endpoint;
        },
      },
    )(server, c, body, headers);
});
afterAll(async () => {
  await env?.close();
});

/** A code flow of our own (our PKCE verifier and nonce) for a persona, stopped before the BFF's callback. */
async function signInDirectly(uid: string) {
  const verifier = oauth.generateRandomCodeVerifier();
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({
    client_id: client.client_id,
    redirect_uri: `${env.origin}/bff/callback`,
    response_type: 'code',
    scope: 'openid profile',
    state: 'state-1',
    nonce: 'nonce-1',
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    prompt: 'login',
  }).toString();
  const browser = new Browser();
  const picker = await browser.navigate(url.toString());
  const action = /action="([^"]+\/login)"/.exec(picker.body)![1]!;
  const done = await browser.navigate(
    new URL(action, picker.url).toString(),
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ uid }),
    },
    (next) => next.startsWith(`${env.origin}/bff/callback`),
  );
  const params = oauth.validateAuthResponse(as, client, new URL(done.next!), 'state-1');
  const tokens = await oauth.processAuthorizationCodeResponse(
    as,
    client,
    await oauth.authorizationCodeGrantRequest(
      as,
      client,
      clientAuth,
      params,
      `${env.origin}/bff/callback`,
      verifier,
      http,
    ),
    { expectedNonce: 'nonce-1' },
  );
  return tokens;
}

describe('CIS2 stand-in', () => {
  it('publishes discovery with CIS2 endpoint names under the realm path, issuer with its port', () => {
    expect(as.issuer).toMatch(
      /^http:\/\/localhost:\d+\/openam\/oauth2\/realms\/root\/realms\/NHSIdentity\/realms\/Healthcare$/,
    );
    expect(as.authorization_endpoint).toBe(`${as.issuer}/authorize`);
    expect(as.token_endpoint).toBe(`${as.issuer}/access_token`);
    expect(as.userinfo_endpoint).toBe(`${as.issuer}/userinfo`);
    expect(as.jwks_uri).toBe(`${as.issuer}/connect/jwk_uri`);
    expect(as.end_session_endpoint).toBe(`${as.issuer}/connect/endSession`);
    expect(as.code_challenge_methods_supported).toContain('S256');
    expect(as.backchannel_logout_supported).toBe(true);
  });

  it('requires PKCE', async () => {
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({
      client_id: client.client_id,
      redirect_uri: `${env.origin}/bff/callback`,
      response_type: 'code',
      scope: 'openid',
      state: 's',
      nonce: 'n',
    }).toString();
    const response = await fetch(url, { redirect: 'manual' });
    const location = new URL(response.headers.get('location') ?? '', url);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('refuses a redirect_uri that is not registered exactly', async () => {
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({
      client_id: client.client_id,
      redirect_uri: `${env.origin}/bff/callback/`,
      response_type: 'code',
      scope: 'openid',
      code_challenge: 'x'.repeat(43),
      code_challenge_method: 'S256',
    }).toString();
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('redirect_uri did not match');
  });

  it("answers a bad client assertion with invalid_client 'JWT is not valid', as CIS2 does", async () => {
    const response = await fetch(as.token_endpoint!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: 'x',
        redirect_uri: `${env.origin}/bff/callback`,
        client_id: client.client_id,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: 'e30.e30.sig',
      }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error: 'invalid_client',
      error_description: 'JWT is not valid',
    });
  });

  it("issues ID tokens shaped like CIS2's sample: typ JWT, amr and azp", async () => {
    const tokens = await signInDirectly('555032006106');
    expect(decodeProtectedHeader(tokens.id_token!)).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    const claims = decodeJwt(tokens.id_token!);
    expect(claims.amr).toEqual(['SCAL']);
    expect(claims.azp).toBe(client.client_id);
    expect(claims.aud).toBe(client.client_id);
    // Re-signed with the header CIS2 sends, it still verifies against the published keys.
    const jwks = createRemoteJWKSet(new URL(as.jwks_uri!));
    await expect(jwtVerify(tokens.id_token!, jwks, { typ: 'JWT' })).resolves.toBeDefined();
  });

  it('rotates refresh tokens: each is single-use, and a reused one is refused', async () => {
    const tokens = await signInDirectly('555032006106');
    expect(tokens.refresh_token).toBeDefined();

    const first = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokens.refresh_token!, http),
    );
    expect(first.refresh_token).toBeDefined();
    expect(first.refresh_token).not.toBe(tokens.refresh_token);

    const reused = await oauth.refreshTokenGrantRequest(
      as,
      client,
      clientAuth,
      tokens.refresh_token!,
      http,
    );
    await expect(oauth.processRefreshTokenResponse(as, client, reused)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });
});
