/**
 * A scriptable fake NHS CIS2 (ForgeRock AM) OpenID Provider, and APIM's token endpoint, served
 * through an injected `fetch`: no sockets, no browser pages. The test plays the browser: it hands
 * the BFF's authorization redirect to `authorize()`, which records the request and answers with
 * the callback URL CIS2 would redirect to. Everything after that (token, JWKS, userinfo, APIM) is
 * the BFF talking to `fetch`.
 *
 * Every part of the ID token, its signature and the userinfo can be tampered with through
 * `script`, so each check in the BFF's callback can be shown to refuse what it must.
 *
 * Test infrastructure only.
 */
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair, type JWTPayload } from 'jose';

/** The INT issuer, `:443` included, exactly as CIS2's discovery document gives it. */
export const CIS2_INT_ISSUER =
  'https://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk:443/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare';

/** APIM's INT token endpoint (RFC 8693 token exchange for the CIS2 ID token). */
export const APIM_INT_TOKEN_URL = 'https://int.api.service.nhs.uk/oauth2/token';

/** As in CIS2's published discovery document: it lists HS* too, so alg checks must not rely on it. */
export const CIS2_ID_TOKEN_SIGNING_ALGS = [
  'PS384',
  'ES384',
  'RS384',
  'HS256',
  'HS512',
  'ES256',
  'RS256',
  'HS384',
  'ES512',
  'PS256',
  'PS512',
  'RS512',
];

/** One CIS2 user with one e-RS role (B1110: Service Provider Clinician) at RCD. */
export const FAKE_USER = {
  sub: '555032006106',
  sid: 'cis2-session-1',
  title: 'Dr',
  givenName: 'Priya',
  familyName: 'Shah',
  roleId: '555032008102',
  orgCode: 'RCD',
  orgName: 'HARROGATE AND DISTRICT NHS FOUNDATION TRUST',
} as const;

/** How the ID token is signed; everything but `op-key` must be refused. */
export type IdTokenSigning =
  /** RS256 with the key published in the JWKS, under its kid. */
  | 'op-key'
  /** RS256 with a key the JWKS does not publish, under a kid the JWKS does not have. */
  | 'unknown-kid'
  /** RS256 with a different key under the published kid. */
  | 'other-key-same-kid'
  /** `alg: none`, empty signature. */
  | 'alg-none'
  /** HS256 with the published RSA public key (PEM) as the HMAC secret: the alg-confusion attack. */
  | 'hs256-with-op-public-key';

/** `undefined` as a value removes the claim or field. */
export type Overrides = Record<string, unknown>;

export type FakeCis2Script = {
  /** Merged over the discovery document. */
  discovery: Overrides;
  /** Merged over the ID token claims built from the authorization request. */
  idTokenClaims: Overrides;
  idTokenSigning: IdTokenSigning;
  /** Merged over the userinfo response. */
  userinfo: Overrides;
};

export type RecordedRequest = {
  method: string;
  /** The URL string the BFF passed to fetch, before any normalisation. */
  rawUrl: string;
  url: URL;
  headers: Headers;
  body: URLSearchParams;
};

export type AuthorizationRequest = {
  /** The URL string the BFF redirected the browser to. */
  rawUrl: string;
  params: URLSearchParams;
  code: string;
};

/** What CIS2 puts on the redirect back to the BFF; each part can be forged. */
export type AuthorizationResponse = {
  state?: string;
  /** RFC 9207 `iss`; CIS2 may not send it, so it is absent unless asked for. */
  iss?: string;
  /** An error response instead of a code, e.g. `access_denied`. */
  error?: string;
  /** Send this code instead of the one issued for this request. */
  code?: string;
};

export type FakeCis2Options = {
  issuer?: string;
  apimTokenUrl?: string;
  now?: () => number;
};

export type FakeCis2 = Awaited<ReturnType<typeof createFakeCis2>>;

type OpKeys = Awaited<ReturnType<typeof generateOpKeys>>;

async function generateOpKeys() {
  const op = await generateKeyPair('RS256', { extractable: true });
  const other = await generateKeyPair('RS256', { extractable: true });
  const kid = `cis2-${randomBytes(6).toString('hex')}`;
  return {
    kid,
    op,
    other,
    publicJwk: { ...(await exportJWK(op.publicKey)), kid, alg: 'RS256', use: 'sig' },
    publicPem: await exportSPKI(op.publicKey),
  };
}

// RSA key generation is the slow part; one set of keys serves every fake in a test file.
let sharedKeys: Promise<OpKeys> | undefined;

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

function merge(base: Record<string, unknown>, overrides: Overrides): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base, ...overrides };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete result[key];
  }
  return result;
}

/** Compares URLs the way the network sees them (`:443` on https is the same port). */
const sameEndpoint = (a: string | URL, b: string | URL) => {
  const x = new URL(a);
  const y = new URL(b);
  return x.origin === y.origin && x.pathname === y.pathname;
};

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });

export async function createFakeCis2(options: FakeCis2Options = {}) {
  const issuer = options.issuer ?? CIS2_INT_ISSUER;
  const apimTokenUrl = options.apimTokenUrl ?? APIM_INT_TOKEN_URL;
  const now = options.now ?? Date.now;
  sharedKeys ??= generateOpKeys();
  const keys = await sharedKeys;

  const endpoints = {
    discovery: `${issuer}/.well-known/openid-configuration`,
    authorization: `${issuer}/authorize`,
    token: `${issuer}/access_token`,
    userinfo: `${issuer}/userinfo`,
    jwks: `${issuer}/connect/jwk_uri`,
    endSession: `${issuer}/connect/endSession`,
  };

  const script: FakeCis2Script = {
    discovery: {},
    idTokenClaims: {},
    idTokenSigning: 'op-key',
    userinfo: {},
  };

  const authorizationRequests: AuthorizationRequest[] = [];
  const requests: RecordedRequest[] = [];
  const unexpected: RecordedRequest[] = [];
  const issuedIdTokens: string[] = [];
  const issuedTokens: string[] = [];
  const codes = new Map<string, { params: URLSearchParams; used: boolean }>();
  const accessTokens = new Map<string, string>();

  const discoveryDocument = () =>
    merge(
      {
        issuer,
        authorization_endpoint: endpoints.authorization,
        token_endpoint: endpoints.token,
        userinfo_endpoint: endpoints.userinfo,
        jwks_uri: endpoints.jwks,
        end_session_endpoint: endpoints.endSession,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: CIS2_ID_TOKEN_SIGNING_ALGS,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt'],
        code_challenge_methods_supported: ['S256'],
        scopes_supported: [
          'openid',
          'profile',
          'email',
          'nhsperson',
          'associatedorgs',
          'nationalrbacaccess',
          'professionalmemberships',
          'organisationalmemberships',
          'selectedrole',
          'changedrole',
        ],
        claims_parameter_supported: false,
        backchannel_logout_supported: true,
      },
      script.discovery,
    );

  function idTokenClaims(params: URLSearchParams): Record<string, unknown> {
    const at = Math.floor(now() / 1000);
    const clientId = params.get('client_id') ?? '';
    return merge(
      {
        at_hash: b64url(randomBytes(16)),
        sub: FAKE_USER.sub,
        auditTrackingId: randomUUID(),
        amr: ['N3_SMARTCARD'],
        iss: issuer,
        tokenName: 'id_token',
        sid: FAKE_USER.sid,
        aud: clientId,
        acr: 'AAL3_ANY',
        // CIS2 sends the assurance levels as strings.
        id_assurance_level: '3',
        authentication_assurance_level: '3',
        azp: clientId,
        auth_time: at - 5,
        realm: '/NHSIdentity/Healthcare',
        selected_roleid: FAKE_USER.roleId,
        nonce: params.get('nonce') ?? undefined,
        exp: at + 300,
        tokenType: 'JWTToken',
        iat: at,
        name: `${FAKE_USER.givenName} ${FAKE_USER.familyName}`,
        given_name: FAKE_USER.givenName,
        family_name: FAKE_USER.familyName,
        uid: FAKE_USER.sub,
      },
      script.idTokenClaims,
    );
  }

  async function signIdToken(claims: Record<string, unknown>): Promise<string> {
    const payload = claims as JWTPayload;
    switch (script.idTokenSigning) {
      case 'op-key':
        return new SignJWT(payload)
          .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: keys.kid })
          .sign(keys.op.privateKey);
      case 'unknown-kid':
        return new SignJWT(payload)
          .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'kid-not-in-the-cis2-jwks' })
          .sign(keys.other.privateKey);
      case 'other-key-same-kid':
        return new SignJWT(payload)
          .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: keys.kid })
          .sign(keys.other.privateKey);
      case 'alg-none': {
        const header = b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }));
        return `${header}.${b64url(JSON.stringify(claims))}.`;
      }
      case 'hs256-with-op-public-key': {
        const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: keys.kid }));
        const input = `${header}.${b64url(JSON.stringify(claims))}`;
        const signature = createHmac('sha256', keys.publicPem).update(input).digest('base64url');
        return `${input}.${signature}`;
      }
    }
  }

  function userinfo(sub: string): Record<string, unknown> {
    return merge(
      {
        sub,
        nhsid_useruid: sub,
        uid: sub,
        name: `${FAKE_USER.givenName} ${FAKE_USER.familyName}`,
        given_name: FAKE_USER.givenName,
        family_name: FAKE_USER.familyName,
        title: FAKE_USER.title,
        email: 'priya.shah@nhs.net',
        idassurancelevel: '3',
        nhsid_user_orgs: [{ org_code: FAKE_USER.orgCode, org_name: FAKE_USER.orgName }],
        nhsid_nrbac_roles: [
          {
            person_orgid: '555032007101',
            person_roleid: FAKE_USER.roleId,
            org_code: FAKE_USER.orgCode,
            role_name: '"Clinical":"Clinical Provision":"Consultant"',
            role_code: 'S0010:G0020:R8000',
            activities: ['Receive Referrals', 'Manage Referrals'],
            activity_codes: ['B1110', 'B0264'],
          },
        ],
      },
      script.userinfo,
    );
  }

  async function tokenEndpoint(request: RecordedRequest): Promise<Response> {
    const body = request.body;
    if (body.get('grant_type') !== 'authorization_code') {
      return json({ error: 'unsupported_grant_type' }, 400);
    }
    if (!body.get('client_assertion') && !body.get('client_secret')) {
      return json({ error: 'invalid_client', error_description: 'no client authentication' }, 401);
    }
    const pending = codes.get(body.get('code') ?? '');
    if (!pending || pending.used) {
      return json({ error: 'invalid_grant', error_description: 'unknown or used code' }, 400);
    }
    pending.used = true;
    if (body.get('redirect_uri') !== pending.params.get('redirect_uri')) {
      return json({ error: 'invalid_grant', error_description: 'redirect_uri mismatch' }, 400);
    }
    const challenge = createHash('sha256')
      .update(body.get('code_verifier') ?? '')
      .digest('base64url');
    if (challenge !== pending.params.get('code_challenge')) {
      return json({ error: 'invalid_grant', error_description: 'PKCE verification failed' }, 400);
    }

    const claims = idTokenClaims(pending.params);
    const idToken = await signIdToken(claims);
    const accessToken = b64url(randomBytes(24));
    accessTokens.set(accessToken, FAKE_USER.sub);
    issuedIdTokens.push(idToken);
    issuedTokens.push(idToken, accessToken);
    return json({
      access_token: accessToken,
      scope: pending.params.get('scope'),
      id_token: idToken,
      token_type: 'Bearer',
      expires_in: 3599,
    });
  }

  function userinfoEndpoint(request: RecordedRequest): Response {
    const token = /^Bearer (.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
    const sub = token ? accessTokens.get(token) : undefined;
    if (!sub) return json({ error: 'invalid_token' }, 401);
    return json(userinfo(sub));
  }

  function apimTokenEndpoint(): Response {
    const accessToken = b64url(randomBytes(24));
    const refreshToken = b64url(randomBytes(24));
    issuedTokens.push(accessToken, refreshToken);
    // Apigee sends numbers as strings.
    return json({
      access_token: accessToken,
      expires_in: '599',
      token_type: 'Bearer',
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      refresh_token: refreshToken,
      refresh_token_expires_in: '43199',
      refresh_count: '0',
    });
  }

  const fakeFetch: typeof fetch = async (input, init) => {
    const rawUrl =
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const request = new Request(input, init);
    const recorded: RecordedRequest = {
      method: request.method,
      rawUrl,
      url: new URL(request.url),
      headers: request.headers,
      body: new URLSearchParams(request.method === 'POST' ? await request.text() : ''),
    };
    requests.push(recorded);
    const is = (method: string, endpoint: string) =>
      recorded.method === method && sameEndpoint(recorded.url, endpoint);

    if (is('GET', endpoints.discovery)) return json(discoveryDocument());
    if (is('GET', endpoints.jwks)) return json({ keys: [keys.publicJwk] });
    if (is('POST', endpoints.token)) return tokenEndpoint(recorded);
    if (is('GET', endpoints.userinfo) || is('POST', endpoints.userinfo)) {
      return userinfoEndpoint(recorded);
    }
    if (is('POST', apimTokenUrl)) return apimTokenEndpoint();
    unexpected.push(recorded);
    return json({ error: 'not_found' }, 404);
  };

  return {
    issuer,
    apimTokenUrl,
    endpoints,
    /** Mutate between steps to tamper with what the fake answers. */
    script,
    fetch: fakeFetch,
    /** Every request the BFF sent through `fetch`. */
    requests,
    /** Requests to URLs the fake does not serve. */
    unexpected,
    authorizationRequests,
    /** Every ID token the token endpoint issued. */
    issuedIdTokens,
    /** Every token value issued by CIS2 or APIM, for leak checks. */
    issuedTokens,

    tokenRequests: () =>
      requests.filter((r) => r.method === 'POST' && sameEndpoint(r.url, endpoints.token)),
    apimRequests: () =>
      requests.filter((r) => r.method === 'POST' && sameEndpoint(r.url, apimTokenUrl)),

    /**
     * The browser arriving at CIS2's authorize endpoint and the user signing in: records the
     * request and returns the URL CIS2 redirects back to.
     */
    authorize(location: string, response: AuthorizationResponse = {}): string {
      if (!sameEndpoint(location, endpoints.authorization)) {
        throw new Error(`not the CIS2 authorize endpoint: ${location}`);
      }
      const params = new URL(location).searchParams;
      const redirectUri = params.get('redirect_uri');
      if (!redirectUri) throw new Error('authorization request without redirect_uri');
      const code = b64url(randomBytes(24));
      codes.set(code, { params, used: false });
      authorizationRequests.push({ rawUrl: location, params, code });

      const callback = new URL(redirectUri);
      if (response.error) callback.searchParams.set('error', response.error);
      else callback.searchParams.set('code', response.code ?? code);
      const state = response.state ?? params.get('state');
      if (state !== null) callback.searchParams.set('state', state);
      if (response.iss !== undefined) callback.searchParams.set('iss', response.iss);
      return callback.toString();
    },
  };
}
