/** The attack table: every area's rows, in one list. */
import type { AttackRow } from '../attack';
import { SSRF_THROUGH_THE_REDIRECT } from './attachment-redirect';
import { AUTHORIZATION } from './authorization';
import { CSRF_AND_CORS } from './csrf-cors';
import { INPUT } from './input';
import { LOGOUT_TOKENS } from './logout-token';
import { PATHS_AND_IDS } from './paths-and-ids';
import { RESPONSES } from './responses';
import { SIGN_IN } from './sign-in';
import { SIGN_IN_FLOOD_BOUNDS } from './sign-in-flood';

export const ATTACKS: AttackRow[] = [
  ...CSRF_AND_CORS,
  ...PATHS_AND_IDS,
  ...INPUT,
  ...AUTHORIZATION,
  ...RESPONSES,
  ...SIGN_IN,
  ...LOGOUT_TOKENS,
  ...SSRF_THROUGH_THE_REDIRECT,
  ...SIGN_IN_FLOOD_BOUNDS,
];
