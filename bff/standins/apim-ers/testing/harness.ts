/**
 * What the stand-in's own tests share: a JWKS server for the app key and the CIS2 key (a tiny
 * node:http server whose keys and status the tests control), a clock the tests move, signers for
 * client assertions and CIS2 ID tokens (jose, with any header or claim), and small HTTP helpers.
 */
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CompactSign, type JWK } from 'jose';
import {
  startApimErsStandin,
  type ApimErsStandin,
  type ApimErsStandinOptions,
} from '../apim-ers-standin';
import { findPersona } from '../../personas';

export const API_KEY = 'test-apim-api-key';
export const API_SECRET = 'test-apim-api-secret';
/** CIS2's INT issuer, `:443` and all: APIM compares it exactly. */
export const CIS2_ISSUER =
  'https://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk:443/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare';
export const CIS2_CLIENT_ID = 'ers-reference-client.apps.supplier';

export type TestKey = { kid: string; privateKey: KeyObject; publicJwk: JWK };

export function testKey(kid = `kid-${randomUUID().slice(0, 8)}`): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  return { kid, privateKey, publicJwk: { ...jwk, kid, use: 'sig' } };
}

/** A JWT with exactly this header and payload (nothing added, nothing checked). */
export async function signJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: KeyObject,
): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader(header as { alg: string })
    .sign(key);
}

/** A clock the tests control: real time plus an offset, or frozen. */
export function testClock() {
  let offset = 0;
  let frozenAt: number | undefined;
  return {
    now: () => (frozenAt ?? Date.now()) + offset,
    seconds() {
      return Math.floor(this.now() / 1000);
    },
    advance(ms: number) {
      offset += ms;
    },
    freeze() {
      frozenAt = Date.now();
    },
  };
}

export type JwksServer = {
  origin: string;
  appJwksUrl: string;
  cis2JwksUrl: string;
  appKeys: JWK[];
  /** Non-200 makes the app JWKS unreachable, as APIM sees it. */
  appStatus: number;
  appFetches: number;
  close(): Promise<void>;
};

export async function startJwksServer(appKeys: JWK[], cis2Keys: JWK[]): Promise<JwksServer> {
  const server: Server = createServer();
  const state = {
    appKeys,
    appStatus: 200,
    appFetches: 0,
  };
  server.on('request', (req, res) => {
    if (req.url === '/app/jwks.json') {
      state.appFetches += 1;
      res.writeHead(state.appStatus, { 'content-type': 'application/json' });
      res.end(state.appStatus === 200 ? JSON.stringify({ keys: state.appKeys }) : 'unavailable');
      return;
    }
    if (req.url === '/cis2/jwks.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: cis2Keys }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, {
    origin,
    appJwksUrl: `${origin}/app/jwks.json`,
    cis2JwksUrl: `${origin}/cis2/jwks.json`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}

export type HarnessOptions = Partial<Omit<ApimErsStandinOptions, 'app'>> & {
  app?: Partial<ApimErsStandinOptions['app']>;
};

export type Harness = Awaited<ReturnType<typeof startHarness>>;

export type ErsCall = {
  token?: string | null;
  ods?: string;
  businessFunction?: string;
  onBehalfOf?: string;
  correlationId?: string;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
};

export async function startHarness(options: HarnessOptions = {}) {
  const appKey = testKey('app-key-1');
  const cis2Key = testKey('cis2-key-1');
  const jwks = await startJwksServer([appKey.publicJwk], [cis2Key.publicJwk]);
  const clock = testClock();
  const { app, ...rest } = options;
  const standin: ApimErsStandin = await startApimErsStandin({
    port: 0,
    cis2Issuer: CIS2_ISSUER,
    cis2JwksUrl: jwks.cis2JwksUrl,
    now: clock.now,
    rateLimitPerSecond: Number.POSITIVE_INFINITY,
    pdsRateLimitPerSecond: Number.POSITIVE_INFINITY,
    ...rest,
    app: { apiKey: API_KEY, apiSecret: API_SECRET, jwksUrl: jwks.appJwksUrl, ...app },
  });

  /** A client assertion as the BFF makes it, with any header or claim overridden or removed. */
  function assertion(
    claims: Record<string, unknown> = {},
    header: Record<string, unknown> = {},
    key: TestKey = appKey,
  ) {
    return signJwt(
      dropUndefined({ alg: 'RS512', typ: 'JWT', kid: key.kid, ...header }),
      dropUndefined({
        iss: API_KEY,
        sub: API_KEY,
        aud: standin.tokenUrl,
        jti: randomUUID(),
        exp: clock.seconds() + 300,
        ...claims,
      }),
      key.privateKey,
    );
  }

  /** A CIS2 ID token for a persona, with any header or claim overridden or removed. */
  function idToken(
    uid = '555032006106',
    claims: Record<string, unknown> = {},
    header: Record<string, unknown> = {},
    key: TestKey = cis2Key,
  ) {
    const persona = findPersona(uid);
    return signJwt(
      dropUndefined({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header }),
      dropUndefined({
        iss: CIS2_ISSUER,
        sub: uid,
        aud: CIS2_CLIENT_ID,
        iat: clock.seconds(),
        exp: clock.seconds() + 300,
        id_assurance_level: String(persona?.idAssuranceLevel ?? 3),
        authentication_assurance_level: String(persona?.authenticationAssuranceLevel ?? 3),
        amr: persona?.amr ?? ['SCAL'],
        ...claims,
      }),
      key.privateKey,
    );
  }

  async function postToken(form: Record<string, string | undefined>, contentType?: string) {
    const response = await fetch(standin.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': contentType ?? 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(dropUndefined(form) as Record<string, string>),
    });
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  }

  async function exchangeForm(overrides: Record<string, string | undefined> = {}, uid?: string) {
    return {
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
      subject_token: await idToken(uid),
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await assertion(),
      ...overrides,
    };
  }

  /** Exchanges a fresh ID token for the persona; fails the test if APIM refuses. */
  async function tokensFor(uid: string) {
    const { status, body } = await postToken(await exchangeForm({}, uid));
    if (status !== 200) throw new Error(`exchange for ${uid} refused: ${JSON.stringify(body)}`);
    return body as { access_token: string; refresh_token: string } & Record<string, string>;
  }

  const accessTokens = new Map<string, string>();
  async function accessTokenFor(uid: string) {
    if (!accessTokens.has(uid)) accessTokens.set(uid, (await tokensFor(uid)).access_token);
    return accessTokens.get(uid)!;
  }

  /** An e-RS call; redirects are not followed. */
  async function ers(method: 'GET' | 'POST', path: string, call: ErsCall = {}) {
    const headers: Record<string, string> = { accept: 'application/fhir+json', ...call.headers };
    if (call.token) headers.authorization = `Bearer ${call.token}`;
    if (call.ods !== undefined) headers['NHSD-End-User-Organisation-ODS'] = call.ods;
    if (call.businessFunction !== undefined)
      headers['NHSD-eRS-Business-Function'] = call.businessFunction;
    if (call.onBehalfOf !== undefined) headers['NHSD-eRS-On-Behalf-Of-User-ID'] = call.onBehalfOf;
    if (call.correlationId !== undefined) headers['X-Correlation-ID'] = call.correlationId;
    if (call.body !== undefined)
      headers['content-type'] = call.contentType ?? 'application/fhir+json';
    const response = await fetch(`${standin.ersBaseUrl}${path}`, {
      method,
      headers,
      redirect: 'manual',
      ...(call.body !== undefined ? { body: call.body } : {}),
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    const text = bytes.toString('utf8');
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, bytes, text, json: json as never };
  }

  return {
    standin,
    jwks,
    clock,
    appKey,
    cis2Key,
    assertion,
    idToken,
    postToken,
    exchangeForm,
    tokensFor,
    accessTokenFor,
    ers,
    async close() {
      await Promise.all([standin.close(), jwks.close()]);
    },
  };
}

function dropUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

/** The body of a worklist request. */
export const worklistBody = (listType: string, extra: unknown[] = []) =>
  JSON.stringify({
    resourceType: 'Parameters',
    meta: {
      profile: ['https://fhir.nhs.uk/STU3/StructureDefinition/eRS-FetchWorklist-Parameters-1'],
    },
    parameter: [
      {
        name: 'listType',
        valueCodeableConcept: {
          coding: [
            {
              system: 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-ReferralListSelector-1',
              code: listType,
            },
          ],
        },
      },
      ...extra,
    ],
  });
