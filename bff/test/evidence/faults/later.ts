/**
 * Faults whose bounded answer is being built beside this suite (issue 10 item 3, deadlines
 * everywhere); their rows go here when it lands, so that no row here fails today:
 *
 *   Redis frozen by SIGSTOP: the request fails closed with a 503 once the 2 s store deadline
 *   passes (the deadline ended it, not wall-clock speed), readiness says not ready by then.
 *   CIS2 hanging at the callback: the cis2_unavailable page after the 10 s CIS2 timeout, not
 *   "invalid callback"; CIS2 hanging at discovery, token, userinfo and JWKS alike.
 *   APIM hanging at the token exchange and at renewal.
 */
import type { FaultRow } from './fault';

export const DEADLINE_FAULTS: FaultRow[] = [];
