/**
 * The attack table's vocabulary: a row names the area and the rule or input it tries, and runs
 * against two targets built once per suite (targets.ts): the gateway (an e-RS MockAgent, the
 * audit stream and a recording store) and the BFF from configuration with the forged CIS2 (sign-in,
 * callback, logout). Every row asserts the refusal itself AND that nothing changed; the helpers
 * here carry the "nothing changed" half so no row can forget it.
 */
import { expect } from 'vitest';
import { isWrite, problemOf, type Browser } from '../../support/harness';
import type { Targets } from './targets';

export type Area =
  | 'CSRF and Fetch Metadata'
  | 'CORS'
  | 'open redirect'
  | 'session fixation'
  | 'forged cookie'
  | 'callback replay and injection'
  | 'logout token'
  | 'clickjacking, CSP and caching'
  | 'path traversal'
  | 'UBRN and id injection'
  | 'parameter pollution'
  | 'CRLF into upstream headers'
  | 'oversized input'
  | 'malformed JSON and __proto__'
  | 'Host tricks'
  | 'method tampering'
  | 'content-type confusion on downloads'
  | 'authorization'
  | 'SSRF through the attachment redirect'
  | 'sign-in flood bounds';

export type AttackRow = {
  area: Area;
  /** The rule or the input this row tries, as a reviewer would name it. */
  tries: string;
  run(targets: Targets): Promise<void>;
};

/** The gateway's signed-in user, who must be signed in (a row that ended the session fails). */
async function signedIn(targets: Targets) {
  const user = await targets.gatewayUser();
  expect(user.status, 'the signed-in user is not signed in').toBe(200);
  return user;
}

/** What the gateway's world looked like before a row, to compare after it. */
async function gatewaySnapshot(targets: Targets) {
  const { gw, gatewayStore } = targets;
  return {
    upstream: gw.upstream.calls.length,
    audits: gw.audits.length,
    writes: gatewayStore.operations.length,
    user: await signedIn(targets),
  };
}

/**
 * Nothing changed on the gateway since `before`: e-RS not asked, no audit event (or only
 * `refused` ones when the route audits its refusals), nothing created in the store (a slide of
 * the session's own idle deadline aside), and the signed-in user's session as it was.
 */
async function expectGatewayUnchanged(
  targets: Targets,
  before: Awaited<ReturnType<typeof gatewaySnapshot>>,
  audit: Audit,
) {
  const { gw, gatewayStore } = targets;
  expect(gw.upstream.calls.slice(before.upstream), 'e-RS was asked').toEqual([]);
  const audits = gw.audits.slice(before.audits);
  if (audit === 'none') expect(audits, 'audited').toEqual([]);
  else if (audit === 'refused') expect(audits.map((event) => event.outcome)).toEqual(['refused']);
  else expect(audits.filter((event) => event.outcome !== 'refused')).toEqual([]);
  expect(audits.length).toBeLessThanOrEqual(1);
  const writes = gatewayStore.operations.slice(before.writes).filter(isWrite);
  expect(
    writes.filter((write) => write.op !== 'set' || !/^(session|lapse):/.test(write.key)),
    'store written',
  ).toEqual([]);
  expect(await signedIn(targets), 'the session changed').toEqual(before.user);
}

export type ApiAttack = {
  area: Area;
  tries: string;
  path: string;
  init?: RequestInit & { sessionId?: string };
  status: number | readonly number[];
  /** The problem code, when the answer must be a problem. */
  code?: string;
  /**
   * The route audits its refusal (a gateway route refusing after the session is known);
   * `maybe-refused`: at most one event, and only a refusal.
   */
  audit?: Audit;
  /** Send exactly `init.headers` and the session cookie: no `X-CSRF: 1` added. */
  bare?: boolean;
};

type Audit = 'none' | 'refused' | 'maybe-refused';

/** Sends `attack` to the gateway and asserts it is refused with its status and changes nothing. */
export async function expectGatewayRefusal(
  targets: Targets,
  attack: Omit<ApiAttack, 'area' | 'tries'>,
): Promise<Response> {
  const before = await gatewaySnapshot(targets);
  const init = { sessionId: targets.sessionId, ...attack.init };
  const response = attack.bare
    ? await targets.bare(attack.path, init)
    : await targets.gw.request(attack.path, init);
  const statuses: readonly number[] =
    typeof attack.status === 'number' ? [attack.status] : attack.status;
  expect(statuses, `answered ${response.status}`).toContain(response.status);
  if (attack.code) expect(await problemOf(response.clone())).toMatchObject({ code: attack.code });
  await expectGatewayUnchanged(targets, before, attack.audit ?? 'none');
  return response;
}

/** A request to the gateway that must be refused with `status` and change nothing. */
export function apiAttack(attack: ApiAttack): AttackRow {
  return {
    area: attack.area,
    tries: attack.tries,
    async run(targets) {
      const response = await expectGatewayRefusal(targets, attack);
      await response.body?.cancel();
    },
  };
}

/**
 * A gateway row whose check needs more than a status (headers, an upstream that answers):
 * `check` makes the request and its own assertions; the store and the session must not change.
 */
export function gatewayRow(
  area: Area,
  tries: string,
  check: (targets: Targets) => Promise<void>,
): AttackRow {
  return {
    area,
    tries,
    async run(targets) {
      const before = await gatewaySnapshot(targets);
      await check(targets);
      const writes = targets.gatewayStore.operations.slice(before.writes).filter(isWrite);
      expect(
        writes.filter((write) => write.op !== 'set' || !/^(session|lapse):/.test(write.key)),
      ).toEqual([]);
      expect(await signedIn(targets)).toEqual(before.user);
    },
  };
}

/**
 * A row against the BFF with the forged CIS2. `check` makes the attack with a fresh browser and
 * asserts the refusal; afterwards the signed-in victim is still signed in as before and, unless
 * the row expects a sign-in to be written (`writes: 'allowed'`), nothing was written.
 */
export function bffRow(
  area: Area,
  tries: string,
  check: (targets: Targets, browser: Browser) => Promise<void>,
  options: { writes?: 'none' | 'allowed' } = {},
): AttackRow {
  return {
    area,
    tries,
    async run(targets) {
      const victim = await targets.victimUser();
      expect(victim.status, 'the victim was not signed in before this row').toBe(200);
      const writesBefore = targets.bff.storeOperations.length;
      const apimBefore = targets.bff.forged.apimRequests().length;
      await check(targets, targets.bff.browser());
      if ((options.writes ?? 'none') === 'none') {
        expect(targets.bff.storeOperations.slice(writesBefore).filter(isWrite)).toEqual([]);
        expect(targets.bff.forged.apimRequests().length, 'APIM asked').toBe(apimBefore);
      }
      expect(await targets.victimUser(), "the victim's session changed").toEqual(victim);
    },
  };
}
