/**
 * What APIM remembers about the tokens it issued: opaque access tokens (599 s) and single-use
 * refresh tokens, both carrying the identity from the original exchange (the CIS2 subject and
 * assurance levels, which APIM passes to e-RS) and the scopes granted.
 */
import { randomBytes } from 'node:crypto';

export const ACCESS_TOKEN_LIFETIME_S = 599;
/** The refresh window: 12 h from the original exchange, absolute (APIM says 43199 s). */
export const REFRESH_WINDOW_S = 43_199;

export type Grant = {
  apiKey: string;
  /** CIS2 `sub`: the user's UUID (the SDS user id in the stand-ins). */
  sub: string;
  idAssuranceLevel: number;
  authenticationAssuranceLevel: number;
  amr: string[];
  scopes: string[];
  /** Epoch ms of the token exchange: the refresh window is counted from here. */
  exchangedAt: number;
};

export type AccessTokenRecord = {
  grant: Grant;
  issuedAt: number;
  expiresAt: number;
  refreshCount: number;
};

type RefreshTokenRecord = { grant: Grant; refreshCount: number; used: boolean };

/** Apigee's tokens are opaque strings of about 28 characters. */
const opaqueToken = () => randomBytes(21).toString('base64url');

export function createTokenStore(now: () => number) {
  const accessTokens = new Map<string, AccessTokenRecord>();
  const refreshTokens = new Map<string, RefreshTokenRecord>();
  /** Every access and refresh token issued, for leak checks. */
  const issued = new Set<string>();

  function issue(grant: Grant, refreshCount: number) {
    const accessToken = opaqueToken();
    const refreshToken = opaqueToken();
    const issuedAt = now();
    accessTokens.set(accessToken, {
      grant,
      issuedAt,
      expiresAt: issuedAt + ACCESS_TOKEN_LIFETIME_S * 1000,
      refreshCount,
    });
    refreshTokens.set(refreshToken, { grant, refreshCount, used: false });
    issued.add(accessToken).add(refreshToken);
    const windowEnd = grant.exchangedAt + REFRESH_WINDOW_S * 1000;
    return {
      accessToken,
      refreshToken,
      refreshTokenExpiresIn: Math.max(0, Math.floor((windowEnd - issuedAt) / 1000)),
      refreshCount,
    };
  }

  return {
    issued,
    issue,
    accessToken(token: string): AccessTokenRecord | undefined {
      return accessTokens.get(token);
    },
    /**
     * Spends a refresh token. `invalid` for unknown, already-used or another app's tokens,
     * `expired` once the 12 h window from the original exchange has passed.
     */
    spendRefreshToken(
      token: string,
      apiKey: string,
    ):
      | { ok: true; grant: Grant; refreshCount: number }
      | { ok: false; reason: 'invalid' | 'expired' } {
      const record = refreshTokens.get(token);
      if (!record || record.used || record.grant.apiKey !== apiKey) {
        return { ok: false, reason: 'invalid' };
      }
      if (now() >= record.grant.exchangedAt + REFRESH_WINDOW_S * 1000) {
        return { ok: false, reason: 'expired' };
      }
      record.used = true;
      return { ok: true, grant: record.grant, refreshCount: record.refreshCount + 1 };
    },
  };
}

export type TokenStore = ReturnType<typeof createTokenStore>;
