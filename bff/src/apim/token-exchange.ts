/**
 * RFC 8693 token exchange at APIM: the CIS2 ID token in, an APIM access token out. APIM (Apigee)
 * sends numbers as strings (`"expires_in": "599"`), so they are coerced here.
 */
import { z } from 'zod';
import type { SigningKey } from '../config/signing-key';
import { withinDeadline } from '../http/deadline';
import { measuredFetch } from '../observability/fetch';
import { traceUpstream } from '../observability/telemetry';
import { createClientAssertion } from './client-assertion';

const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i),
  expires_in: z.coerce.number().int().positive(),
  refresh_token: z.string().min(1).optional(),
  refresh_token_expires_in: z.coerce.number().int().optional(),
});

const OAuthErrorSchema = z.object({
  error: z.string(),
  error_description: z.string().optional(),
});

export type ApimTokens = {
  accessToken: string;
  /** Epoch ms. */
  accessTokenExpiresAt: number;
  refreshToken: string | null;
};

export type TokenExchangeOutcome =
  | { ok: true; tokens: ApimTokens }
  | { ok: false; kind: 'rejected'; status: number; error: string; description: string | undefined }
  | { ok: false; kind: 'unavailable'; cause: unknown }
  | { ok: false; kind: 'invalid_response'; status: number };

export type ApimClientOptions = {
  tokenUrl: string;
  apiKey: string;
  /** Needed only to refresh; without it, expiring tokens are replaced by a new exchange. */
  apiSecret?: string | undefined;
  key: SigningKey;
  now: () => number;
  fetch: typeof fetch;
  /** One token request, from sending it to reading the whole answer. */
  timeoutMs?: number;
};

export const APIM_TOKEN_TIMEOUT_MS = 15_000;

export type ApimClient = ReturnType<typeof createApimClient>;

export function createApimClient(options: ApimClientOptions) {
  const timeoutMs = options.timeoutMs ?? APIM_TOKEN_TIMEOUT_MS;
  const apimFetch = measuredFetch(options.fetch);

  async function exchange(body: URLSearchParams, signal: AbortSignal) {
    const answer = await apimFetch(options.tokenUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body,
      signal,
    });
    return { response: answer, json: (await answer.json().catch(() => undefined)) as unknown };
  }

  async function postForm(
    operation: 'token-exchange' | 'refresh',
    body: URLSearchParams,
  ): Promise<TokenExchangeOutcome> {
    let response: Response;
    let json: unknown;
    try {
      // A cleared timer, not AbortSignal.timeout (which holds each call for the whole timeout),
      // and over the body too: an APIM that sends headers and then stalls is still bounded.
      ({ response, json } = await traceUpstream('APIM', operation, () =>
        withinDeadline('APIM token', timeoutMs, (signal) => exchange(body, signal)),
      ));
    } catch (cause) {
      return { ok: false, kind: 'unavailable', cause };
    }
    if (!response.ok) {
      const error = OAuthErrorSchema.safeParse(json);
      return error.success
        ? {
            ok: false,
            kind: 'rejected',
            status: response.status,
            error: error.data.error,
            description: error.data.error_description,
          }
        : { ok: false, kind: 'invalid_response', status: response.status };
    }
    const tokens = TokenResponseSchema.safeParse(json);
    if (!tokens.success) return { ok: false, kind: 'invalid_response', status: response.status };
    return {
      ok: true,
      tokens: {
        accessToken: tokens.data.access_token,
        accessTokenExpiresAt: options.now() + tokens.data.expires_in * 1000,
        refreshToken: tokens.data.refresh_token ?? null,
      },
    };
  }

  return {
    canRefresh: Boolean(options.apiSecret),

    /** RFC 8693: the CIS2 ID token for an APIM access token, with a fresh client assertion. */
    async exchangeIdToken(idToken: string): Promise<TokenExchangeOutcome> {
      // A new assertion (new jti) for every attempt: APIM refuses a reused jti.
      const clientAssertion = await createClientAssertion({
        apiKey: options.apiKey,
        tokenUrl: options.tokenUrl,
        key: options.key,
        nowSeconds: Math.floor(options.now() / 1000),
      });
      return postForm(
        'token-exchange',
        new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
          subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
          subject_token: idToken,
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: clientAssertion,
        }),
      );
    },

    /** APIM refresh: single-use refresh token, API key and secret; both tokens come back new. */
    async refresh(refreshToken: string): Promise<TokenExchangeOutcome> {
      if (!options.apiSecret) {
        return {
          ok: false,
          kind: 'rejected',
          status: 0,
          error: 'no_secret',
          description: undefined,
        };
      }
      return postForm(
        'refresh',
        new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: refreshToken,
          client_id: options.apiKey,
          client_secret: options.apiSecret,
        }),
      );
    },
  };
}
