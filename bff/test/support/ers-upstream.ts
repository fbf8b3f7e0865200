/**
 * e-RS and its object store played by an undici MockAgent with the network disabled, so nothing
 * leaves the machine and every upstream request is recorded exactly as the BFF sent it; and the
 * e-RS specification's own examples as the answers.
 */
import { MockAgent, type Dispatcher } from 'undici';
import { resolve, spec } from '../../standins/apim-ers/testing/spec';
import { INT_ORIGIN, OBJECT_STORE_ORIGIN } from './test-config';

type SpecResponse = {
  content?: Record<string, { examples?: Record<string, { value?: unknown; $ref?: string }> }>;
};
type SpecOperation = { responses: Record<string, SpecResponse> };

/** Every 200 example of an operation in the spec, by name. */
export function specExamples(path: string, method: string): Map<string, unknown> {
  const operation = spec.paths[path]?.[method] as SpecOperation | undefined;
  const response = resolve(operation?.responses['200'] ?? {});
  const examples = Object.entries(Object.values(response.content ?? {})[0]?.examples ?? {});
  if (examples.length === 0) throw new Error(`no 200 examples for ${method} ${path}`);
  return new Map(
    examples.map(([name, example]) => [name, structuredClone(resolve(example).value)]),
  );
}

/** A 200 example from the spec, e.g. `specExample('/STU3/ReferralRequest/{ubrn}', 'get', 'booked-dbs')`. */
export function specExample(path: string, method: string, name: string): unknown {
  const example = specExamples(path, method).get(name);
  if (example === undefined) throw new Error(`no example ${name} for ${method} ${path}`);
  return example;
}

export type UpstreamCall = {
  origin: string;
  method: string;
  /** Path and query, as sent. */
  path: string;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: string | undefined;
};

export type FakeReply = {
  status: number;
  /** Objects are sent as JSON; strings and Buffers as they are. */
  body?: unknown;
  headers?: Record<string, string>;
};

type Replier = FakeReply | ((call: UpstreamCall) => FakeReply);
type Route = { origin: string; method: string; path: string | RegExp; replies: Replier[] };

function normaliseHeaders(headers: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (Array.isArray(headers)) {
    for (let index = 0; index + 1 < headers.length; index += 2) {
      result[String(headers[index]).toLowerCase()] = String(headers[index + 1]);
    }
  } else if (headers instanceof Headers) {
    headers.forEach((value, name) => (result[name.toLowerCase()] = value));
  } else if (headers && typeof headers === 'object') {
    for (const [name, value] of Object.entries(headers)) result[name.toLowerCase()] = String(value);
  }
  return result;
}

function replyData(reply: FakeReply) {
  const isRaw = Buffer.isBuffer(reply.body) || typeof reply.body === 'string';
  return {
    statusCode: reply.status,
    data:
      reply.body === undefined
        ? ''
        : isRaw
          ? (reply.body as Buffer | string)
          : JSON.stringify(reply.body),
    responseOptions: {
      headers: {
        ...(reply.body !== undefined && !isRaw ? { 'content-type': 'application/fhir+json' } : {}),
        ...reply.headers,
      },
    },
  };
}

export function createFakeUpstream(origins: string[] = [INT_ORIGIN, OBJECT_STORE_ORIGIN]) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const calls: UpstreamCall[] = [];
  const routes: Route[] = [];

  for (const origin of origins) {
    agent
      .get(origin)
      .intercept({ path: () => true, method: () => true })
      .reply((options) => {
        const call: UpstreamCall = {
          origin,
          method: options.method,
          path: options.path,
          headers: normaliseHeaders(options.headers),
          body: typeof options.body === 'string' ? options.body : undefined,
        };
        calls.push(call);
        const route = routes.find(
          (each) =>
            each.origin === origin &&
            each.method === call.method &&
            (typeof each.path === 'string' ? each.path === call.path : each.path.test(call.path)),
        );
        if (!route) {
          return { statusCode: 599, data: `no fake route for ${call.method} ${call.path}` };
        }
        const next = route.replies.length > 1 ? route.replies.shift()! : route.replies[0]!;
        return replyData(typeof next === 'function' ? next(call) : next);
      })
      .persist();
  }

  return {
    dispatcher: agent as Dispatcher,
    calls,
    /** Answers `method origin+path` with `replies` in turn; the last one repeats. */
    on(method: string, path: string | RegExp, ...replies: Replier[]) {
      const absolute = typeof path === 'string' && path.startsWith('http');
      const origin = absolute ? new URL(path).origin : INT_ORIGIN;
      routes.unshift({
        origin,
        method,
        path: absolute ? path.slice(origin.length) : path,
        replies,
      });
    },
    /** Calls to e-RS (not the object store). */
    ersCalls: () => calls.filter((call) => call.origin === INT_ORIGIN),
    close: () => agent.close(),
  };
}

export type FakeUpstream = ReturnType<typeof createFakeUpstream>;
