/**
 * Rows for protections being built beside this table (issue 10): each area's rows go here when
 * its protection lands, so that no row here fails today.
 *
 *   SSRF through the attachment redirect (item 1): e-RS's 307 to loopback, private, link-local
 *   and unique-local addresses in every spelling (0x7f000001, [::1], [::ffff:127.0.0.1],
 *   DNS names that resolve inward), to a host off the allowlist, over http, with credentials,
 *   a second redirect; each refused with no request made and the host (only) logged.
 *
 *   Sign-in flood bounds (item 2): a returnTo over 2 KB refused before anything is stored;
 *   unauthenticated sign-ins past the per-client limit and the global cap refused, with the
 *   store holding no more than the bound.
 */
import type { AttackRow } from '../attack';

export const SSRF_THROUGH_THE_REDIRECT: AttackRow[] = [];
export const SIGN_IN_FLOOD_BOUNDS: AttackRow[] = [];
