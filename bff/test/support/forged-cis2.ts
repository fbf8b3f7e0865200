/**
 * A forged NHS CIS2 (ForgeRock AM) and APIM token endpoint, served through the `fetch` the BFF is
 * given, for what the CIS2 stand-in (standins/cis2, oidc-provider) cannot do. The stand-in is a
 * correct OpenID Provider: it signs every ID token properly with its own key, echoes the nonce,
 * stamps auth_time now, sends assurance levels as strings, answers userinfo for the user signed
 * in and names its own `http://localhost:<port>` issuer. So it cannot issue a tampered or wrongly
 * signed ID token (alg none, HS256 keyed with its public key, an unknown kid, another key under
 * its kid), show INT's issuer with `:443` or discovery without it, or send numeric assurance
 * levels or another user's userinfo.
 *
 * Redirects no CIS2 would send (a wrong state or iss, an error, another sign-in's code, a replay)
 * are forged here too: `authorize()` writes the redirect without any sign-in pages, and every
 * request the BFF makes is recorded, so each forged callback is held to the whole refusal
 * contract (forged-cis2-bff.ts), nothing sent to the token endpoint or APIM included.
 *
 * The test plays the browser: it hands the BFF's authorization redirect to `authorize()`, which
 * records the request and answers with the callback URL CIS2 would redirect to, forged if asked.
 */
import { createHash, randomBytes } from 'node:crypto';
import { APIM_INT_TOKEN_URL, CIS2_INT_ISSUER } from './test-config';
import {
  FORGED_USER,
  b64url,
  idTokenClaims,
  merge,
  opKeys,
  signIdToken,
  userinfo,
  type IdTokenSigning,
  type Overrides,
} from './forged-cis2-tokens';

/** As in CIS2's published discovery document: it lists HS* too, so alg checks must not rely on it. */
const CIS2_ID_TOKEN_SIGNING_ALGS = [
  ...['PS384', 'ES384', 'RS384', 'HS256', 'HS512', 'ES256'],
  ...['RS256', 'HS384', 'ES512', 'PS256', 'PS512', 'RS512'],
];

const CIS2_SCOPES = [
  ...['openid', 'profile', 'email', 'nhsperson', 'associatedorgs', 'nationalrbacaccess'],
  ...['professionalmemberships', 'organisationalmemberships', 'selectedrole', 'changedrole'],
];

/** The CIS2 endpoints the BFF calls itself (the browser calls authorize). */
export type Cis2Endpoint = 'discovery' | 'token' | 'userinfo' | 'jwks';

/**
 * A CIS2 in trouble at one endpoint: `hang` never answers (the request is held until the BFF
 * aborts it, as a real hung server's would be), `network` fails as a refused connection does,
 * a number answers with that status and an HTML error page, as a proxy in front of CIS2 would.
 */
export type Cis2Fault = 'hang' | 'network' | number;

export type ForgedCis2Script = {
  /** Endpoints in trouble; every other endpoint answers normally. */
  faults: Partial<Record<Cis2Endpoint, Cis2Fault>>;
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

export type ForgedCis2 = Awaited<ReturnType<typeof createForgedCis2>>;

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

const refuse = (status: number, error: string, description?: string) =>
  json({ error, ...(description ? { error_description: description } : {}) }, status);

export async function createForgedCis2(options: { now?: () => number } = {}) {
  const issuer = CIS2_INT_ISSUER;
  const apimTokenUrl = APIM_INT_TOKEN_URL;
  const now = options.now ?? Date.now;
  const keys = await opKeys();
  const endpoints = {
    discovery: `${issuer}/.well-known/openid-configuration`,
    authorization: `${issuer}/authorize`,
    token: `${issuer}/access_token`,
    userinfo: `${issuer}/userinfo`,
    jwks: `${issuer}/connect/jwk_uri`,
    endSession: `${issuer}/connect/endSession`,
  };
  const script: ForgedCis2Script = {
    faults: {},
    discovery: {},
    idTokenClaims: {},
    idTokenSigning: 'op-key',
    userinfo: {},
  };
  const authorizationRequests: AuthorizationRequest[] = [];
  const requests: RecordedRequest[] = [];
  const unexpected: RecordedRequest[] = [];
  const hanging: RecordedRequest[] = [];
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
        scopes_supported: CIS2_SCOPES,
        claims_parameter_supported: false,
        backchannel_logout_supported: true,
      },
      script.discovery,
    );

  async function tokenEndpoint({ body }: RecordedRequest): Promise<Response> {
    if (body.get('grant_type') !== 'authorization_code')
      return refuse(400, 'unsupported_grant_type');
    if (!body.get('client_assertion') && !body.get('client_secret')) {
      return refuse(401, 'invalid_client', 'no client authentication');
    }
    const pending = codes.get(body.get('code') ?? '');
    if (!pending || pending.used) return refuse(400, 'invalid_grant', 'unknown or used code');
    pending.used = true;
    if (body.get('redirect_uri') !== pending.params.get('redirect_uri')) {
      return refuse(400, 'invalid_grant', 'redirect_uri mismatch');
    }
    const verifier = body.get('code_verifier') ?? '';
    if (
      createHash('sha256').update(verifier).digest('base64url') !==
      pending.params.get('code_challenge')
    ) {
      return refuse(400, 'invalid_grant', 'PKCE verification failed');
    }
    const claims = idTokenClaims(issuer, pending.params, now(), script.idTokenClaims);
    const idToken = await signIdToken(claims, script.idTokenSigning, keys);
    const accessToken = b64url(randomBytes(24));
    accessTokens.set(accessToken, FORGED_USER.sub);
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

  function userinfoEndpoint({ headers }: RecordedRequest): Response {
    const token = /^Bearer (.+)$/i.exec(headers.get('authorization') ?? '')?.[1];
    const sub = token ? accessTokens.get(token) : undefined;
    if (!sub) return refuse(401, 'invalid_token');
    return json(userinfo(sub, script.userinfo));
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

  const forgedFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const recorded: RecordedRequest = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: new URLSearchParams(request.method === 'POST' ? await request.text() : ''),
    };
    requests.push(recorded);
    const is = (method: string, endpoint: string) =>
      recorded.method === method && sameEndpoint(recorded.url, endpoint);
    const [, fault] =
      (Object.entries(script.faults) as [Cis2Endpoint, Cis2Fault][]).find(([name]) =>
        sameEndpoint(recorded.url, endpoints[name]),
      ) ?? [];
    if (fault === 'hang') {
      hanging.push(recorded);
      return new Promise<Response>((_, reject) => {
        const signal = init?.signal;
        signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
      });
    }
    if (fault === 'network') throw new TypeError('fetch failed', { cause: 'ECONNREFUSED' });
    if (typeof fault === 'number') {
      return new Response('<html><body>Service Unavailable</body></html>', {
        status: fault,
        headers: { 'content-type': 'text/html' },
      });
    }

    if (is('GET', endpoints.discovery)) return json(discoveryDocument());
    if (is('GET', endpoints.jwks)) return json({ keys: [keys.publicJwk] });
    if (is('POST', endpoints.token)) return tokenEndpoint(recorded);
    if (is('GET', endpoints.userinfo) || is('POST', endpoints.userinfo)) {
      return userinfoEndpoint(recorded);
    }
    if (is('POST', apimTokenUrl)) return apimTokenEndpoint();
    unexpected.push(recorded);
    return refuse(404, 'not_found');
  };

  const posted = (endpoint: string) => () =>
    requests.filter((r) => r.method === 'POST' && sameEndpoint(r.url, endpoint));

  return {
    issuer,
    /** Mutate between steps to change what the forged CIS2 answers. */
    script,
    fetch: forgedFetch,
    /** Requests to URLs the forged CIS2 does not serve. */
    unexpected,
    /** Requests held unanswered by a `hang` fault. */
    hanging,
    authorizationRequests,
    /** Every ID token the token endpoint issued. */
    issuedIdTokens,
    /** Every token value issued by CIS2 or APIM, for leak checks. */
    issuedTokens,
    tokenRequests: posted(endpoints.token),
    apimRequests: posted(apimTokenUrl),

    /**
     * The browser arriving at CIS2's authorize endpoint and the user signing in: records the
     * request and returns the URL CIS2 redirects back to, with `response`'s forgeries.
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
