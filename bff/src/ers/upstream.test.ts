/**
 * One upstream exchange over a real socket: a JSON answer read whole (with the limits on what
 * is read), and its deadline, which still ends an exchange that overruns it (even one whose
 * body keeps trickling in, which undici's idle timeouts never catch) and is a timer cleared the
 * moment the exchange is over, so no call leaves work behind it.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import { Agent } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createUpstream, type UpstreamRequest } from './upstream';

/** Distinctive, so the spies below can tell our deadline from anyone else's timer. */
const JSON_MS = 1_234;

const servers: Server[] = [];
const agents: Agent[] = [];

afterEach(async () => {
  vi.restoreAllMocks();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  await Promise.all(agents.splice(0).map((agent) => agent.destroy()));
});

async function upstreamOn(handler: RequestListener) {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const agent = new Agent();
  agents.push(agent);
  const upstream = createUpstream({
    dispatcher: agent,
    timeouts: { jsonMs: JSON_MS },
    retry: { maxAttempts: 1 },
  });
  const { port } = server.address() as AddressInfo;
  const call = (expect: UpstreamRequest['expect'] = 'json'): UpstreamRequest => ({
    label: 'A005',
    method: 'GET',
    url: new URL(`http://127.0.0.1:${port}/STU3/ReferralRequest/000000070000`),
    headers: { accept: 'application/fhir+json' },
    retrySafe: true,
    expect,
    rateLimited: false,
  });
  return { upstream, call };
}

/** Every timer set for the JSON deadline, and whether it was cleared. */
function watchDeadlines() {
  const set: unknown[] = [];
  const cleared = new Set<unknown>();
  const realSetTimeout = globalThis.setTimeout;
  const realClearTimeout = globalThis.clearTimeout;
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms?: number) => {
    const timer = realSetTimeout(callback, ms);
    if (ms === JSON_MS) set.push(timer);
    return timer;
  }) as typeof setTimeout);
  vi.spyOn(globalThis, 'clearTimeout').mockImplementation(((
    timer?: NodeJS.Timeout | string | number,
  ) => {
    cleared.add(timer);
    realClearTimeout(timer);
  }) as typeof clearTimeout);
  return { set, lingering: () => set.filter((timer) => !cleared.has(timer)) };
}

describe('a JSON exchange', () => {
  it('reads the answer whole, with its status and headers', async () => {
    const { upstream, call } = await upstreamOn((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/fhir+json', 'x-request-id': 'r-1' });
      response.write('{"resourceType":');
      setTimeout(() => response.end('"ReferralRequest"}'), 20);
    });
    expect(await upstream.send(call())).toMatchObject({
      kind: 'response',
      status: 200,
      headers: { 'x-request-id': 'r-1' },
      json: { resourceType: 'ReferralRequest' },
      unreadable: false,
    });
  });

  it('gives up on an error body over 64 KiB, keeping the status', async () => {
    const { upstream, call } = await upstreamOn((_request, response) => {
      response.writeHead(500, { 'content-type': 'application/fhir+json' });
      response.end(`{"padding":"${'x'.repeat(70 * 1024)}"}`);
    });
    expect(await upstream.send(call())).toMatchObject({
      kind: 'response',
      status: 500,
      json: undefined,
      unreadable: true,
    });
  });

  it('drops the body of a redirect, and says when a body is not JSON', async () => {
    let calls = 0;
    const { upstream, call } = await upstreamOn((_request, response) => {
      calls += 1;
      if (calls === 1) {
        response.writeHead(307, { location: 'https://elsewhere.example/file' });
        response.end('<html>moved</html>');
      } else {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end('<html>not json</html>');
      }
    });
    expect(await upstream.send(call())).toMatchObject({
      kind: 'response',
      status: 307,
      headers: { location: 'https://elsewhere.example/file' },
      json: undefined,
      unreadable: false,
    });
    expect(await upstream.send(call())).toMatchObject({ status: 200, unreadable: true });
  });
});

describe('the JSON deadline', () => {
  it('is cleared as soon as an answer has been read', async () => {
    const { upstream, call } = await upstreamOn((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/fhir+json' });
      response.end('{"resourceType":"ReferralRequest"}');
    });
    const deadlines = watchDeadlines();
    const result = await upstream.send(call());
    expect(result).toMatchObject({ kind: 'response', status: 200 });
    expect(deadlines.set).toHaveLength(1);
    expect(deadlines.lingering()).toEqual([]);
  });

  it('is cleared when the exchange fails, and a refusal is read under it too', async () => {
    const { upstream, call } = await upstreamOn((request, response) => {
      if (request.url?.endsWith('000000070000')) {
        response.writeHead(404, { 'content-type': 'application/fhir+json' });
        response.end('{"resourceType":"OperationOutcome"}');
      }
    });
    const deadlines = watchDeadlines();
    expect(await upstream.send(call())).toMatchObject({ kind: 'response', status: 404 });
    const broken = { ...call(), url: new URL('http://127.0.0.1:1/nothing-listens-here') };
    expect(await upstream.send(broken)).toMatchObject({ kind: 'network' });
    expect(deadlines.set).toHaveLength(2);
    expect(deadlines.lingering()).toEqual([]);
  });

  it('still ends an exchange whose body trickles in past it', async () => {
    const { upstream, call } = await upstreamOn((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/fhir+json' });
      response.write('{"resourceType":"ReferralRequest","padding":"');
      // A byte well within the idle timeout, for ever: only the overall deadline can stop it.
      const drip = setInterval(() => response.write(' '), JSON_MS / 10);
      response.on('close', () => clearInterval(drip));
    });
    const deadlines = watchDeadlines();
    const result = await upstream.send(call());
    expect(result.kind).toBe('timeout');
    expect(deadlines.lingering()).toEqual([]);
  });

  it('is not set for a file, whose body is handed over unread', async () => {
    const { upstream, call } = await upstreamOn((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/pdf' });
      response.end('%PDF-1.4');
    });
    const deadlines = watchDeadlines();
    const result = await upstream.send(call('stream'));
    expect(result).toMatchObject({ kind: 'response', status: 200 });
    if (result.kind === 'response' && result.stream) {
      expect(await text(result.stream)).toBe('%PDF-1.4');
    }
    expect(deadlines.set).toEqual([]);
  });
});
