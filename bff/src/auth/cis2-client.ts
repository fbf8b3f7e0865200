/**
 * The BFF as a CIS2 relying party: authorization code flow with PKCE, state and nonce, through
 * oauth4webapi. Each step is one request function and one validation, as the specs number them.
 */
import * as oauth from 'oauth4webapi';
import { createRemoteJWKSet, customFetch, errors, type JWTVerifyGetKey } from 'jose';
import type { SigningKey } from '../config/signing-key';
import { DeadlineError, withinDeadline } from '../http/deadline';
import { measuredFetch } from '../observability/fetch';
import { traceUpstream } from '../observability/telemetry';
import { validateLogoutToken, type LogoutTokenResult } from './logout-token';
import {
  Cis2IdTokenClaimsSchema,
  Cis2UserInfoSchema,
  MIN_AUTHENTICATION_ASSURANCE_LEVEL,
  MIN_ID_ASSURANCE_LEVEL,
  type Cis2IdTokenClaims,
  type Cis2UserInfo,
} from './cis2-claims';
import { privateKeyJwt } from './private-key-jwt';
import {
  authorizationErrorFailure,
  Cis2NetworkError,
  failureOf,
  SignInError,
} from './sign-in-failure';

export { SignInError, type SignInFailure } from './sign-in-failure';

/** CIS2 scopes for e-RS: roles, organisations and the role chosen at sign-in. */
export const CIS2_SCOPES =
  'openid profile email nhsperson associatedorgs nationalrbacaccess selectedrole';
/** The same, asking CIS2 to show the role picker again (a role change needs a new sign-in). */
export const CIS2_CHANGE_ROLE_SCOPES = CIS2_SCOPES.replace('selectedrole', 'changedrole');
/** NHS relying parties re-check that authentication happened within the last 5 minutes. */
export const CIS2_MAX_AGE_SECONDS = 300;
/**
 * Each call to CIS2 (discovery, token, userinfo, JWKS), from sending the request to reading the
 * body: a CIS2 that hangs ends the sign-in on the "CIS2 unavailable" page instead of holding it.
 */
export const CIS2_TIMEOUT_MS = 10_000;
/** Why a logout token could not be checked: CIS2's keys could not be fetched. */
export const CIS2_KEYS_UNAVAILABLE = 'CIS2 keys unavailable';

export type Cis2ClientOptions = {
  issuer: string;
  clientId: string;
  redirectUri: string;
  acrValues: string;
  clientAuth:
    | { method: 'private_key_jwt'; key: SigningKey }
    | { method: 'client_secret_post'; secret: string };
  /** Only for the local stand-ins, which speak plain http. */
  allowInsecureHttp: boolean;
  fetch?: typeof fetch;
  /** The clock every time check uses (token lifetimes, auth_time, the discovery cache). */
  now?: () => number;
};

/** A form POST to CIS2's end-session endpoint (see session-routes.ts for why a POST). */
export type EndSessionRequest = { action: string; fields: Record<string, string> };

export type Cis2SignIn = {
  idToken: string;
  claims: Cis2IdTokenClaims;
  userinfo: Cis2UserInfo;
};

export type Cis2Client = ReturnType<typeof createCis2Client>;

export function createCis2Client(options: Cis2ClientOptions) {
  const now = options.now ?? Date.now;
  /**
   * oauth4webapi reads the time itself; `clockSkew` moves its "now" to ours, so the ID token's
   * exp, iat and auth_time are checked against the same clock as everything else.
   */
  const clientNow = (): oauth.Client => ({
    client_id: options.clientId,
    [oauth.clockSkew]: Math.round((now() - Date.now()) / 1000),
  });
  const baseFetch = measuredFetch(options.fetch ?? fetch);
  const cis2Fetch: typeof fetch = (input, init) =>
    baseFetch(input, init).catch((cause: unknown) => {
      throw cause instanceof DeadlineError ? cause : new Cis2NetworkError(cause);
    });
  const http = {
    [oauth.allowInsecureRequests]: options.allowInsecureHttp,
    [oauth.customFetch]: cis2Fetch,
  };
  /** One CIS2 call under its deadline; the signal lets oauth4webapi abort the request. */
  const call = <T>(what: string, work: (signal: AbortSignal) => Promise<T>) =>
    traceUpstream('CIS2', what, () => withinDeadline(`CIS2 ${what}`, CIS2_TIMEOUT_MS, work));

  const clientAuth =
    options.clientAuth.method === 'private_key_jwt'
      ? privateKeyJwt(options.clientAuth.key)
      : oauth.ClientSecretPost(options.clientAuth.secret);

  // Discovery is fetched once and cached for an hour; a failure is retried on the next call.
  let discovery: { as: Promise<oauth.AuthorizationServer>; fetchedAt: number } | undefined;
  const DISCOVERY_TTL_MS = 60 * 60 * 1000;

  async function authorizationServer(): Promise<oauth.AuthorizationServer> {
    if (!discovery || now() - discovery.fetchedAt > DISCOVERY_TTL_MS) {
      const issuer = new URL(options.issuer);
      const as = call('discovery', async (signal) =>
        oauth.processDiscoveryResponse(
          issuer,
          await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...http, signal }),
        ),
      ).then((metadata) => {
        // OIDC Discovery §4.3 / RFC 8414 §3.3: exact string match, `:443` included. URL
        // objects normalise the port away, so compare the configured string itself.
        if (metadata.issuer !== options.issuer) {
          throw new Error(`discovery issuer ${metadata.issuer} is not ${options.issuer}`);
        }
        return metadata;
      });
      discovery = { as, fetchedAt: now() };
      as.catch(() => {
        discovery = undefined;
      });
    }
    return discovery.as;
  }

  let logoutKeys: { uri: string; keys: JWTVerifyGetKey } | undefined;
  async function cis2Keys(): Promise<JWTVerifyGetKey> {
    const as = await authorizationServer();
    if (!as.jwks_uri) throw new Error('CIS2 discovery has no jwks_uri');
    if (logoutKeys?.uri !== as.jwks_uri) {
      const remote = createRemoteJWKSet(new URL(as.jwks_uri), {
        timeoutDuration: CIS2_TIMEOUT_MS,
        [customFetch]: cis2Fetch,
      });
      logoutKeys = {
        uri: as.jwks_uri,
        // jose's own timeout cannot be cleared or driven by a test's clock; ours can.
        keys: (header, token) =>
          call('JWKS', () => remote(header, token)).catch((error: unknown) => {
            throw error instanceof DeadlineError ? new errors.JWKSTimeout(error.message) : error;
          }),
      };
    }
    return logoutKeys.keys;
  }

  return {
    authorizationServer,

    /** Back-Channel Logout 1.0 §2.6, against the CIS2 issuer, our client id and CIS2's keys. */
    async validateLogoutToken(token: string): Promise<LogoutTokenResult> {
      let keys: JWTVerifyGetKey;
      try {
        keys = await cis2Keys();
      } catch {
        return { ok: false, reason: CIS2_KEYS_UNAVAILABLE };
      }
      return validateLogoutToken(token, {
        issuer: options.issuer,
        clientId: options.clientId,
        keys,
        now,
      });
    },

    async authorizationUrl(params: {
      state: string;
      nonce: string;
      codeVerifier: string;
      changeRole: boolean;
    }) {
      const as = await authorizationServer();
      if (!as.authorization_endpoint)
        throw new Error('CIS2 discovery has no authorization_endpoint');
      const url = new URL(as.authorization_endpoint);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: options.clientId,
        redirect_uri: options.redirectUri,
        scope: params.changeRole ? CIS2_CHANGE_ROLE_SCOPES : CIS2_SCOPES,
        state: params.state,
        nonce: params.nonce,
        code_challenge: await oauth.calculatePKCECodeChallenge(params.codeVerifier),
        code_challenge_method: 'S256',
        prompt: 'login',
        max_age: String(CIS2_MAX_AGE_SECONDS),
        acr_values: options.acrValues,
      }).toString();
      return url;
    },

    /**
     * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0 §2): the end-session
     * endpoint and the form fields to POST to it. CIS2 (PingAM) requires `id_token_hint`; an
     * expired ID token is still a valid hint (§2, and PingAM accepts it).
     */
    async endSessionRequest(
      idToken: string,
      postLogoutRedirectUri: string,
    ): Promise<EndSessionRequest | null> {
      const as = await authorizationServer();
      if (!as.end_session_endpoint) return null;
      return {
        action: as.end_session_endpoint,
        fields: {
          id_token_hint: idToken,
          client_id: options.clientId,
          post_logout_redirect_uri: postLogoutRedirectUri,
        },
      };
    },

    /** Validates the callback and redeems the code; throws SignInError on any failed check. */
    async completeSignIn(
      callbackUrl: URL,
      expected: { state: string; nonce: string; codeVerifier: string },
    ): Promise<Cis2SignIn> {
      const client = clientNow();
      const as = await authorizationServer().catch((cause: unknown) => {
        throw new SignInError('cis2_unavailable', { cause });
      });

      let params: URLSearchParams;
      try {
        // RFC 6749 §10.12 state, RFC 9207 iss, and the error response (§4.1.2.1).
        params = oauth.validateAuthResponse(as, client, callbackUrl, expected.state);
      } catch (cause) {
        throw new SignInError(authorizationErrorFailure(cause), { cause });
      }

      let result: oauth.TokenEndpointResponse;
      try {
        let response: Response;
        ({ response, result } = await call('token', async (signal) => {
          const answer = await oauth.authorizationCodeGrantRequest(
            as,
            client,
            clientAuth,
            params,
            options.redirectUri,
            expected.codeVerifier,
            { ...http, signal },
          );
          const processed = await oauth.processAuthorizationCodeResponse(as, client, answer, {
            expectedNonce: expected.nonce,
            maxAge: CIS2_MAX_AGE_SECONDS,
            requireIdToken: true,
          });
          return { response: answer, result: processed };
        }));
        // The ID token came over TLS from the token endpoint, but we also verify its signature
        // against the CIS2 JWKS: the same token is later presented to APIM as our proof.
        await call('JWKS', (signal) =>
          oauth.validateApplicationLevelSignature(as, response, { ...http, signal }),
        );
      } catch (cause) {
        throw new SignInError(failureOf(cause), { cause });
      }

      const idToken = result.id_token;
      const parsedClaims = Cis2IdTokenClaimsSchema.safeParse(
        oauth.getValidatedIdTokenClaims(result),
      );
      if (!idToken || !parsedClaims.success) {
        throw new SignInError('invalid_callback', { cause: parsedClaims.error });
      }
      const claims = parsedClaims.data;
      if (claims.id_assurance_level < MIN_ID_ASSURANCE_LEVEL) {
        throw new SignInError('low_identity_assurance');
      }
      if (claims.authentication_assurance_level < MIN_AUTHENTICATION_ASSURANCE_LEVEL) {
        throw new SignInError('low_authentication_assurance');
      }

      try {
        const userinfo = await call('userinfo', async (signal) => {
          const response = await oauth.userInfoRequest(as, client, result.access_token, {
            ...http,
            signal,
          });
          // OIDC Core §5.3.2: the userinfo `sub` must be the ID token's.
          return oauth.processUserInfoResponse(as, client, claims.sub, response);
        });
        return { idToken, claims, userinfo: Cis2UserInfoSchema.parse(userinfo) };
      } catch (cause) {
        throw new SignInError(failureOf(cause), { cause });
      }
    },
  };
}
