/**
 * Input that is not what a route expects: parameter pollution, CRLF meant for e-RS's headers,
 * oversized bodies, malformed JSON and prototype pollution, and methods a route does not serve.
 * Each is refused before e-RS is asked, and the acting context stays as it was.
 */
import { expect } from 'vitest';
import { apiAttack, expectGatewayRefusal, gatewayRow, type AttackRow } from '../attack';

const UBRN = '000000070000';
const WORKLIST = '/api/worklists/REFERRALS_FOR_REVIEW';
const REFUSED = { status: [400, 403, 404], audit: 'maybe-refused' } as const;

const json = (body: string | object, headers: Record<string, string> = {}): RequestInit => ({
  method: 'PUT',
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

const pollution: AttackRow[] = (
  [
    ['a worklist filter given twice', `${WORKLIST}?service=1&service=2`],
    [
      'a worklist filter given twice, the second one malformed',
      `${WORKLIST}?location=R69&location=R69%27`,
    ],
    ['a filter name the worklist does not have (_format)', `${WORKLIST}?_format=xml`],
    ['a FHIR search parameter (_count) as a filter', `${WORKLIST}?_count=100000`],
    ['a filter as an array (service[]=1)', `${WORKLIST}?service%5B%5D=1`],
    [
      'an ODS code given twice, another organisation first',
      '/api/on-behalf-of?odsCode=RCD&odsCode=R69',
    ],
    ['an ODS code given twice, our own first', '/api/on-behalf-of?odsCode=R69&odsCode=RCD'],
    [
      'a clinician filter without its indicator ASSIGNED',
      `${WORKLIST}?clinician=555032006106&clinicianAssignedIndicator=NOT_ASSIGNED`,
    ],
  ] as const
).map(([tries, path]) => apiAttack({ area: 'parameter pollution', tries, path, ...REFUSED }));

const crlf: AttackRow[] = [
  ...(
    [
      ['CRLF and a header in an ODS code', '/api/on-behalf-of?odsCode=R69%0D%0AX-Evil%3A%201'],
      [
        'CRLF and a header in an attachment id',
        `/api/referrals/${UBRN}/attachments/x%0D%0AX-Evil%3A%201`,
      ],
      ['CRLF in a code system', '/api/reference-data/SPECIALTY%0D%0AX-Evil%3A%201'],
      ['CRLF in a worklist filter', `${WORKLIST}?location=R69%0D%0AX-Evil%3A%201`],
      ['CRLF in a worklist type', '/api/worklists/REFERRALS_FOR_REVIEW%0D%0AX-Evil%3A%201'],
      ['a bare LF in a referral version', `/api/referrals/${UBRN}/versions/5%0AX-Evil%3A%201`],
    ] as const
  ).map(([tries, path]) =>
    apiAttack({ area: 'CRLF into upstream headers', tries, path, ...REFUSED }),
  ),
  apiAttack({
    area: 'CRLF into upstream headers',
    tries: 'CRLF in the ODS code of a new acting context (the ODS header e-RS gets)',
    path: '/api/acting-context',
    init: json({ odsCode: 'R69\r\nX-Evil: 1', businessFunction: 'SERVICE_PROVIDER_CLINICIAN' }),
    status: 400,
    code: 'invalid_request',
    audit: 'maybe-refused',
  }),
  apiAttack({
    area: 'CRLF into upstream headers',
    tries: 'CRLF in the on-behalf-of user id (the header e-RS gets)',
    path: '/api/acting-context',
    init: json({
      odsCode: 'R69',
      businessFunction: 'SERVICE_PROVIDER_CLINICIAN_ADMIN',
      onBehalfOfUserId: '555032006106\r\nX-Evil: 1',
    }),
    status: 400,
    code: 'invalid_request',
    audit: 'maybe-refused',
  }),
  gatewayRow(
    'CRLF into upstream headers',
    'a client X-Correlation-ID (and its CRLF-free look-alike) is never passed to e-RS',
    async ({ gw, sessionId }) => {
      gw.upstream.on('GET', `/referrals/FHIR/STU3/ReferralRequest/000000070002`, {
        status: 404,
        body: { resourceType: 'OperationOutcome', issue: [] },
      });
      const from = gw.upstream.calls.length;
      const response = await gw.request('/api/referrals/000000070002', {
        sessionId,
        headers: {
          'X-Correlation-ID': 'attacker; X-Evil=1',
          'NHSD-End-User-Organisation-ODS': 'RCD',
        },
      });
      await response.body?.cancel();
      const [call] = gw.upstream.calls.slice(from);
      expect(call?.headers['x-correlation-id']).not.toContain('attacker');
      expect(call?.headers['nhsd-end-user-organisation-ods']).toBe('R69');
      expect(Object.keys(call?.headers ?? {})).not.toContain('x-evil');
    },
  ),
];

const BIG = 'x'.repeat(17 * 1024);
const oversized: AttackRow[] = [
  apiAttack({
    area: 'oversized input',
    tries: 'a 17 KB JSON body for a new acting context (the limit is 16 KB)',
    path: '/api/acting-context',
    init: json({ odsCode: 'R69', businessFunction: 'SERVICE_PROVIDER_CLINICIAN', pad: BIG }),
    status: 413,
  }),
  apiAttack({
    area: 'oversized input',
    tries: 'a 1 MB form body on sign-out',
    path: '/bff/logout',
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `a=${'x'.repeat(1024 * 1024)}`,
    },
    status: 413,
  }),
  apiAttack({
    area: 'oversized input',
    tries: 'a 64 KB logout token',
    path: '/bff/backchannel-logout',
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `logout_token=${'x'.repeat(64 * 1024)}`,
    },
    status: 413,
  }),
  apiAttack({
    area: 'oversized input',
    tries: 'a streamed 20 KB body with no Content-Length',
    path: '/api/acting-context',
    init: {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          for (let index = 0; index < 20; index += 1)
            controller.enqueue(new Uint8Array(1024).fill(32));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit,
    status: 413,
  }),
  apiAttack({
    area: 'oversized input',
    tries: 'a 10 000-character UBRN',
    path: `/api/referrals/${'1'.repeat(10_000)}`,
    ...REFUSED,
  }),
  apiAttack({
    area: 'oversized input',
    tries: 'a worklist query with 2 000 parameters',
    path: `${WORKLIST}?${Array.from({ length: 2000 }, (_, index) => `p${index}=1`).join('&')}`,
    ...REFUSED,
  }),
  apiAttack({
    area: 'oversized input',
    tries: 'an 8 KB session cookie of garbage',
    path: '/api/referrals/000000070000',
    init: { sessionId: 'g'.repeat(8 * 1024) },
    status: 401,
  }),
];

const malformed: Array<[string, RequestInit]> = [
  ['a body that is not JSON', json('not json')],
  ['truncated JSON', json('{"odsCode":"R69"')],
  ['a JSON array', json('[]')],
  ['JSON null', json('null')],
  ['a JSON string', json('"R69"')],
  [
    'an ODS code as an object ({"$ne": null})',
    json({ odsCode: { $ne: null }, businessFunction: 'SERVICE_PROVIDER_CLINICIAN' }),
  ],
  [
    'a business function e-RS does not have',
    json({ odsCode: 'R69', businessFunction: 'SUPERUSER' }),
  ],
  [
    'a business function in lower case',
    json({ odsCode: 'R69', businessFunction: 'service_provider_clinician' }),
  ],
  [
    'an ODS code with a NUL',
    json({ odsCode: 'R69\u0000', businessFunction: 'SERVICE_PROVIDER_CLINICIAN' }),
  ],
  ['JSON nested 5 000 deep', json(`${'['.repeat(5000)}${']'.repeat(5000)}`)],
  [
    'a UTF-16 body',
    {
      ...json(''),
      body: Buffer.from(
        JSON.stringify({ odsCode: 'R69', businessFunction: 'SERVICE_PROVIDER_CLINICIAN' }),
        'utf16le',
      ),
    },
  ],
  [
    'an on-behalf-of user id for a role that has none',
    json({
      odsCode: 'R69',
      businessFunction: 'SERVICE_PROVIDER_CLINICIAN',
      onBehalfOfUserId: '555032006106',
    }),
  ],
  ['no body at all', { method: 'PUT', headers: { 'content-type': 'application/json' } }],
];

const prototypePolluted = () => ({}) as Record<string, unknown>;

const proto: AttackRow[] = (
  [
    [
      '__proto__ carrying a business function',
      '{"__proto__":{"businessFunction":"SERVICE_PROVIDER_CLINICIAN_ADMIN"},"odsCode":"R69"}',
    ],
    [
      'constructor.prototype carrying a flag',
      '{"constructor":{"prototype":{"polluted":true}},"odsCode":"R69"}',
    ],
    [
      '__proto__ as a nested key of a listed pair',
      '{"odsCode":"R69","businessFunction":"SERVICE_PROVIDER_ADMIN","__proto__":{"polluted":true}}',
    ],
    [
      'a duplicate key turning a listed pair into an unlisted one',
      '{"odsCode":"R69","businessFunction":"SERVICE_PROVIDER_CLINICIAN","businessFunction":"SERVICE_PROVIDER_CLINICIAN_ADMIN"}',
    ],
  ] as const
).map(([tries, body]): AttackRow => ({
  area: 'malformed JSON and __proto__',
  tries,
  async run(targets) {
    const response = await expectGatewayRefusal(targets, {
      path: '/api/acting-context',
      init: json(body),
      status: [400, 403],
      audit: 'maybe-refused',
    });
    await response.body?.cancel();
    expect(prototypePolluted().polluted).toBeUndefined();
    expect(prototypePolluted().businessFunction).toBeUndefined();
  },
}));

const methods: Array<[string, string, string]> = [
  ['DELETE a referral', 'DELETE', `/api/referrals/${UBRN}`],
  ['POST to a referral', 'POST', `/api/referrals/${UBRN}`],
  ['PUT a referral', 'PUT', `/api/referrals/${UBRN}`],
  ['PATCH a referral', 'PATCH', `/api/referrals/${UBRN}`],
  ["POST a worklist (e-RS's own method for A008)", 'POST', WORKLIST],
  ['DELETE the acting context', 'DELETE', '/api/acting-context'],
  ['POST the acting context (PUT only)', 'POST', '/api/acting-context'],
  ['POST to on-behalf-of', 'POST', '/api/on-behalf-of'],
  [
    'DELETE an attachment',
    'DELETE',
    `/api/referrals/${UBRN}/attachments/719f6045-e791-4029-8e0f-1201c02b0a55`,
  ],
  ['PUT reference data', 'PUT', '/api/reference-data/SPECIALTY'],
  ['sign-out by GET (a link or <img>)', 'GET', '/bff/logout'],
  ['a logout token by GET', 'GET', '/bff/backchannel-logout?logout_token=x'],
  ['PUT /bff/user', 'PUT', '/bff/user'],
  ['DELETE /bff/user', 'DELETE', '/bff/user'],
];

export const INPUT: AttackRow[] = [
  ...pollution,
  ...crlf,
  ...oversized,
  ...malformed.map(([tries, init]) =>
    apiAttack({
      area: 'malformed JSON and __proto__',
      tries: `a new acting context as ${tries}`,
      path: '/api/acting-context',
      init,
      status: 400,
      code: 'invalid_request',
      audit: 'maybe-refused',
    }),
  ),
  ...proto,
  ...methods.map(([tries, method, path]) =>
    apiAttack({ area: 'method tampering', tries, path, init: { method }, status: [404, 405] }),
  ),
  apiAttack({
    area: 'method tampering',
    tries: 'X-HTTP-Method-Override: PUT on a POST to the acting context',
    path: '/api/acting-context',
    init: {
      ...json({ odsCode: 'RCD', businessFunction: 'SERVICE_PROVIDER_CLINICIAN' }),
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-HTTP-Method-Override': 'PUT' },
    },
    status: [404, 405],
  }),
  apiAttack({
    area: 'method tampering',
    tries: '?_method=PUT on a POST to the acting context',
    path: '/api/acting-context?_method=PUT',
    init: {
      ...json({ odsCode: 'RCD', businessFunction: 'SERVICE_PROVIDER_CLINICIAN' }),
      method: 'POST',
    },
    status: [404, 405],
  }),
  apiAttack({
    area: 'method tampering',
    tries: 'sign-out by GET with X-HTTP-Method-Override: POST',
    path: '/bff/logout',
    init: { method: 'GET', headers: { 'X-HTTP-Method-Override': 'POST' } },
    status: [404, 405],
  }),
];
