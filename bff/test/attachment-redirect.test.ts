/**
 * A042's 307 as an attacker would write it (server-side request forgery through the Location):
 * the BFF follows it only to an allowlisted object-store host whose every address is public,
 * checked on the name's resolved addresses and again on connecting, one hop at most, and logs a
 * refusal with the host alone. e-RS and the object store are a MockAgent (DNS is the test's),
 * except where a real socket is the point.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createObjectStoreAgent, type ObjectStorePolicy } from '../src/ers/object-store';
import {
  OBJECT_STORE_ADDRESS,
  OBJECT_STORE_ORIGIN,
  problemOf,
  specExample,
  startGateway,
  type Gateway,
} from './support/harness';

const UBRN = '000000070001';
const A005 = `/referrals/FHIR/STU3/ReferralRequest/${UBRN}`;
const BINARY_ID = '719f6045-e791-4029-8e0f-1201c02b0a55';
const A042 = `/referrals/FHIR/R4/Binary/${BINARY_ID}`;
const ATTACHMENT = `/api/referrals/${UBRN}/attachments/${BINARY_ID}`;
const SIGNATURE = 'X-Amz-Signature=deadbeefcafe';
const OBJECT_STORE_HOST = new URL(OBJECT_STORE_ORIGIN).host;

let gw: Gateway;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await gw?.close();
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

const policy = (overrides: Partial<ObjectStorePolicy> = {}): ObjectStorePolicy => ({
  hosts: [OBJECT_STORE_HOST],
  allowHttp: false,
  allowLoopback: false,
  resolve: async () => [OBJECT_STORE_ADDRESS],
  ...overrides,
});

async function redirectTo(location: string, objectStore: ObjectStorePolicy = policy()) {
  gw = await startGateway({ client: { objectStore } });
  gw.upstream.on('GET', A005, {
    status: 200,
    body: specExample('/STU3/ReferralRequest/{ubrn}', 'get', 'booked-dbs'),
  });
  gw.upstream.on('GET', A042, { status: 307, headers: { location } });
  gw.upstream.on('GET', `${OBJECT_STORE_ORIGIN}/x?${SIGNATURE}`, {
    status: 200,
    body: '%PDF-1.4',
    headers: { 'content-type': 'application/pdf' },
  });
  return gw.request(ATTACHMENT);
}

const objectStoreCalls = () =>
  gw.upstream.calls.filter((call) => !call.path.startsWith('/referrals/'));
const refusals = () => gw.logs.filter((line) => line.msg === 'attachment redirect refused');

/** Refused as an invalid e-RS answer, nothing sent on, one log line naming the host only. */
async function expectRefused(response: Response, reason: RegExp, host?: string) {
  expect(response.status).toBe(502);
  expect(await problemOf(response)).toMatchObject({ code: 'upstream_invalid_response' });
  expect(objectStoreCalls()).toEqual([]);
  expect(refusals()).toHaveLength(1);
  expect(refusals()[0]).toMatchObject({ reason: expect.stringMatching(reason) });
  if (host) expect(refusals()[0]!.objectStoreHost).toBe(host);
  expect(gw.rawLog.join('\n')).not.toContain(SIGNATURE);
}

describe("A042's redirect: the host", () => {
  it('follows it to an allowlisted host whose addresses are public', async () => {
    const response = await redirectTo(`${OBJECT_STORE_ORIGIN}/x?${SIGNATURE}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('%PDF-1.4');
    expect(objectStoreCalls()).toHaveLength(1);
    expect(refusals()).toEqual([]);
  });

  it.each([
    ['another host', 'https://attacker.example.org/x'],
    ['a sibling bucket', 'https://other-bucket.s3.eu-west-2.amazonaws.com/x'],
    ['the host as a suffix', `https://${OBJECT_STORE_HOST}.attacker.example.org/x`],
    ['the allowed host on another port', `https://${OBJECT_STORE_HOST}:8443/x`],
    ['the cloud metadata service', 'http://169.254.169.254/latest/meta-data/'],
    ['loopback in hex', 'https://0x7f000001/x'],
  ])('refuses %s, logging the host and never the URL', async (_name, location) => {
    const response = await redirectTo(`${location}?${SIGNATURE}`);
    await expectRefused(
      response,
      /not in ERS_OBJECT_STORE_HOSTS|http: URL/,
      new URL(location).host,
    );
  });
});

describe("A042's redirect: the addresses, even for a host an operator allowed", () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.20.0.1', 'private'],
    ['192.168.0.10', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'shared'],
    ['0.0.0.0', 'this network'],
    ['::1', 'loopback'],
    ['fd12:3456::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:c0a8:1::1', 'private'],
  ])('refuses a name that resolves to %s (%s)', async (address, why) => {
    const response = await redirectTo(
      `${OBJECT_STORE_ORIGIN}/x?${SIGNATURE}`,
      policy({ resolve: async () => [address] }),
    );
    await expectRefused(response, new RegExp(why), OBJECT_STORE_HOST);
  });

  it('refuses a name with one public and one inward address', async () => {
    const response = await redirectTo(
      `${OBJECT_STORE_ORIGIN}/x?${SIGNATURE}`,
      policy({ resolve: async () => [OBJECT_STORE_ADDRESS, '10.0.0.8'] }),
    );
    await expectRefused(response, /private/, OBJECT_STORE_HOST);
  });

  it('refuses a name that does not resolve', async () => {
    const response = await redirectTo(
      `${OBJECT_STORE_ORIGIN}/x?${SIGNATURE}`,
      policy({ resolve: () => Promise.reject(new Error('ENOTFOUND')) }),
    );
    await expectRefused(response, /does not resolve/, OBJECT_STORE_HOST);
  });

  it.each([
    ['https://0x7f000001/x', '127.0.0.1'],
    ['https://2130706433/x', '127.0.0.1'],
    ['https://0177.0.0.1/x', '127.0.0.1'],
    ['https://[::1]/x', '[::1]'],
    ['https://[::ffff:127.0.0.1]/x', '[::ffff:7f00:1]'],
    ['https://[0:0:0:0:0:ffff:a00:1]/x', '[::ffff:a00:1]'],
  ])('refuses the address literal %s even when %s is allowlisted', async (location, host) => {
    const response = await redirectTo(
      `${location}?${SIGNATURE}`,
      policy({ hosts: [host], resolve: () => Promise.reject(new Error('no DNS for literals')) }),
    );
    await expectRefused(response, /loopback|private/, host);
  });

  it('refuses loopback even with plain http allowed, unless the local stand-ins are meant', async () => {
    const response = await redirectTo(
      `http://127.0.0.1:9/x?${SIGNATURE}`,
      policy({ hosts: ['127.0.0.1:9'], allowHttp: true }),
    );
    await expectRefused(response, /loopback/, '127.0.0.1:9');
  });
});

describe("A042's redirect: one hop, no credentials", () => {
  it("does not follow the object store's own redirect", async () => {
    gw = await startGateway({ client: { objectStore: policy() } });
    gw.upstream.on('GET', A005, {
      status: 200,
      body: specExample('/STU3/ReferralRequest/{ubrn}', 'get', 'booked-dbs'),
    });
    gw.upstream.on('GET', A042, {
      status: 307,
      headers: { location: `${OBJECT_STORE_ORIGIN}/first?${SIGNATURE}` },
    });
    gw.upstream.on('GET', `${OBJECT_STORE_ORIGIN}/first?${SIGNATURE}`, {
      status: 302,
      headers: { location: `${OBJECT_STORE_ORIGIN}/second` },
    });
    const response = await gw.request(ATTACHMENT);
    expect(response.status).toBeGreaterThanOrEqual(500);
    expect(objectStoreCalls().map((call) => call.path)).toEqual([`/first?${SIGNATURE}`]);
  });

  it('sends the object store nothing but Accept', async () => {
    const response = await redirectTo(`${OBJECT_STORE_ORIGIN}/x?${SIGNATURE}`);
    await response.arrayBuffer();
    expect(Object.keys(objectStoreCalls()[0]!.headers)).toEqual(['accept']);
  });
});

describe('the object-store pool checks the address it connects to (DNS rebinding)', () => {
  async function listen() {
    const requests: IncomingMessage[] = [];
    const server: Server = createServer((request, response) => {
      requests.push(request);
      response.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    cleanups.push(
      () =>
        new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
    );
    return { port: (server.address() as AddressInfo).port, requests };
  }

  /**
   * A gateway whose object-store connections go through the policy's own agent, so the check
   * made on connecting is the one under test; e-RS redirects A042 to `files.example.test`.
   */
  async function redirectedThroughOwnAgent(objectStore: ObjectStorePolicy, port: number) {
    const agent = createObjectStoreAgent(objectStore);
    cleanups.push(() => agent.destroy());
    gw = await startGateway({ client: { objectStore, objectStoreDispatcher: agent } });
    gw.upstream.on('GET', A005, {
      status: 200,
      body: specExample('/STU3/ReferralRequest/{ubrn}', 'get', 'booked-dbs'),
    });
    gw.upstream.on('GET', A042, {
      status: 307,
      headers: { location: `http://files.example.test:${port}/x?${SIGNATURE}` },
    });
    return gw.request(ATTACHMENT);
  }

  it('refuses when the name resolves inward on connecting, after a public answer before', async () => {
    const { port, requests } = await listen();
    const answers = [[OBJECT_STORE_ADDRESS], ['127.0.0.1']];
    const rebinding = policy({
      hosts: [`files.example.test:${port}`],
      allowHttp: true,
      resolve: async () => answers.shift() ?? ['127.0.0.1'],
    });
    const response = await redirectedThroughOwnAgent(rebinding, port);
    expect(response.status).toBe(502);
    expect(requests).toEqual([]);
    expect(refusals()[0]).toMatchObject({
      objectStoreHost: `files.example.test:${port}`,
      reason: expect.stringMatching(/on connecting/),
    });
  });

  it('connects where the policy allows (loopback for the local stand-ins)', async () => {
    const { port, requests } = await listen();
    const local = policy({
      hosts: [`files.example.test:${port}`],
      allowHttp: true,
      allowLoopback: true,
      resolve: async () => ['127.0.0.1'],
    });
    const response = await redirectedThroughOwnAgent(local, port);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('%PDF-1.4');
    expect(requests).toHaveLength(1);
  });
});
