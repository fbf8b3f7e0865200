/**
 * Server-side session. The browser holds only an opaque id in an HttpOnly cookie; everything
 * below, tokens included, stays in the store.
 */
import type { BusinessFunction, OtherRole } from '@ers/shared/bff-contract';
import type { PractitionerRoles } from '@ers/shared/practitioners';

export type SelectedRole = {
  id: string;
  name: string;
  code: string;
  organisation: { odsCode: string; name: string };
  activityCodes: string[];
};

export type ActingAs = {
  odsCode: string;
  businessFunction: BusinessFunction;
  /** Only for SERVICE_PROVIDER_CLINICIAN_ADMIN: the clinician acted for (e-RS A040). */
  onBehalfOf?: { userId: string; name: string | null };
};

export type Session = {
  /** CIS2 `sub` and session id (`sid`), kept for back-channel logout. */
  sub: string;
  sid: string | null;
  name: string;
  role: SelectedRole;
  /** The CIS2 roles the user holds but did not sign in with (absent in older sessions). */
  otherRoles?: OtherRole[];
  /**
   * The e-RS acting context: always one of the pairs in `ersRoles` (A030). Null until the user
   * chooses, or until the first e-RS request finds exactly one pair to default to.
   */
  actingAs: ActingAs | null;
  /** The organisations CIS2 lists for the user (`nhsid_user_orgs`): names for A030's ODS codes. */
  organisations?: { odsCode: string; name: string }[];
  cis2: {
    idToken: string;
    idTokenExpiresAt: number;
    authTime: number;
  };
  /** e-RS A030's answer, fetched once per session (the pairs the user may act in). */
  ersRoles?: PractitionerRoles;
  /** APIM tokens; null in the public-sandbox preset, where e-RS takes no token. */
  apim: {
    accessToken: string;
    accessTokenExpiresAt: number;
    refreshToken: string | null;
  } | null;
  /** Epoch ms. */
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
};

/** What a completed sign-in supplies; the session manager adds the times. */
export type NewSession = Omit<Session, 'createdAt' | 'lastSeenAt' | 'expiresAt'>;

/** A sign-in in progress, from /bff/login until /bff/callback: sealed in the login cookie. */
export type LoginTransaction = {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  createdAt: number;
};
