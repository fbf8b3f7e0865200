/**
 * CSRF by default and Fetch Metadata (http/csrf.ts), and CORS: nothing is ever answered with
 * permission for another origin, so a cross-origin page can neither send the custom header nor
 * read an answer.
 */
import { apiAttack, expectGatewayRefusal, type AttackRow } from '../attack';

const REFERRAL = '/api/referrals/000000070000';
const CSRF_REQUIRED = { status: 403, code: 'csrf_required' } as const;
const CROSS_SITE = { status: 403, code: 'cross_site_request' } as const;
const area = 'CSRF and Fetch Metadata' as const;

const csrfHeaderValues: Array<[string, Record<string, string>]> = [
  ['no X-CSRF header at all', {}],
  ['X-CSRF: 0', { 'X-CSRF': '0' }],
  ['X-CSRF: true', { 'X-CSRF': 'true' }],
  ['X-CSRF: 11', { 'X-CSRF': '11' }],
  ['X-CSRF empty', { 'X-CSRF': '' }],
  ['X-CSRF sent twice (1, 1)', { 'X-CSRF': '1, 1' }],
  ["another framework's header (X-CSRF-Token: 1)", { 'X-CSRF-Token': '1' }],
  ['X-Requested-With: XMLHttpRequest instead of X-CSRF', { 'X-Requested-With': 'XMLHttpRequest' }],
  ['X-CSRF as a cookie, not a header', { cookie: 'X-CSRF=1' }],
  ['a 5 000-character X-CSRF', { 'X-CSRF': '1'.repeat(5000) }],
];

const csrf: AttackRow[] = [
  ...csrfHeaderValues.map(([tries, headers]) =>
    apiAttack({
      area,
      tries: `GET an API route with ${tries}`,
      path: REFERRAL,
      bare: true,
      init: { headers },
      ...CSRF_REQUIRED,
    }),
  ),
  apiAttack({
    area,
    tries: 'X-CSRF=1 in the query string instead of a header',
    path: `${REFERRAL}?X-CSRF=1`,
    bare: true,
    ...CSRF_REQUIRED,
  }),
  apiAttack({
    area,
    tries: 'PUT acting context with X-CSRF but Sec-Fetch-Site: cross-site',
    path: '/api/acting-context',
    init: {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      body: JSON.stringify({ odsCode: 'R69', businessFunction: 'SERVICE_PROVIDER_CLINICIAN' }),
    },
    ...CROSS_SITE,
  }),
  apiAttack({
    area,
    tries: 'POST /bff/logout with X-CSRF but Sec-Fetch-Site: cross-site',
    path: '/bff/logout',
    init: { method: 'POST', headers: { 'sec-fetch-site': 'cross-site' } },
    ...CROSS_SITE,
  }),
  ...(
    [
      ['a form POST from a sibling site (Sec-Fetch-Site: same-site)', 'same-site', 'document'],
      ['a form POST from another site (Sec-Fetch-Site: cross-site)', 'cross-site', 'document'],
      ['a POST from an iframe (Sec-Fetch-Dest: iframe)', 'same-origin', 'iframe'],
      ['a fetch() without the header (Sec-Fetch-Dest: empty)', 'same-origin', 'empty'],
      ['a user-initiated POST with Sec-Fetch-Site: none', 'none', 'document'],
    ] as const
  ).map(([tries, site, dest]) =>
    apiAttack({
      area,
      tries: `sign-out (POST /bff/logout) as ${tries}`,
      path: '/bff/logout',
      init: {
        method: 'POST',
        headers: { 'X-CSRF': '', 'sec-fetch-site': site, 'sec-fetch-dest': dest },
      },
      status: 403,
    }),
  ),
  ...(['image', 'iframe', 'script', 'empty', 'style', 'object'] as const).map((dest) =>
    apiAttack({
      area,
      tries: `the sign-in navigation exemption as Sec-Fetch-Dest: ${dest}`,
      path: '/bff/login',
      init: { headers: { 'X-CSRF': '', 'sec-fetch-dest': dest } },
      ...CSRF_REQUIRED,
    }),
  ),
  ...(['iframe', 'image', 'empty'] as const).map((dest) =>
    apiAttack({
      area,
      tries: `the callback navigation exemption as Sec-Fetch-Dest: ${dest}`,
      path: '/bff/callback?code=x&state=y',
      init: { headers: { 'X-CSRF': '', 'sec-fetch-dest': dest } },
      ...CSRF_REQUIRED,
    }),
  ),
  apiAttack({
    area,
    tries: 'POST to the GET-only sign-in exemption without the header',
    path: '/bff/login',
    init: { method: 'POST', headers: { 'X-CSRF': '' } },
    ...CSRF_REQUIRED,
  }),
  apiAttack({
    area,
    tries: 'GET /bff/user without the header',
    path: '/bff/user',
    init: { headers: { 'X-CSRF': '' } },
    ...CSRF_REQUIRED,
  }),
  apiAttack({
    area,
    tries: 'session takeover (POST) from another site',
    path: '/bff/session/takeover',
    init: { method: 'POST', headers: { 'X-CSRF': '', 'sec-fetch-site': 'cross-site' } },
    ...CROSS_SITE,
  }),
  apiAttack({
    area,
    tries: 'HEAD on an API route without the header',
    path: REFERRAL,
    init: { method: 'HEAD', headers: { 'X-CSRF': '' } },
    status: 403,
  }),
];

const EVIL_ORIGINS: Array<[string, string]> = [
  ['another site', 'https://evil.example'],
  ['the opaque origin null (sandboxed iframe, file:)', 'null'],
  ['our host as a prefix of theirs', 'https://ers-client.example.nhs.uk.evil.example'],
  ['our host as a suffix of theirs', 'https://evil-ers-client.example.nhs.uk'],
  ['our host over plain http', 'http://ers-client.example.nhs.uk'],
  ['our host on another port', 'https://ers-client.example.nhs.uk:8443'],
  ['a subdomain of our host', 'https://sub.ers-client.example.nhs.uk'],
];

const noCorsPermission = (response: Response) => {
  for (const name of [
    'access-control-allow-origin',
    'access-control-allow-credentials',
    'access-control-allow-headers',
    'access-control-allow-methods',
  ]) {
    if (response.headers.get(name) !== null) throw new Error(`${name} was sent`);
  }
};

const cors: AttackRow[] = EVIL_ORIGINS.flatMap(([name, origin]): AttackRow[] => [
  {
    area: 'CORS',
    tries: `a credentialed cross-origin GET from ${name} (${origin})`,
    async run(targets) {
      // As a browser sends it: no custom header (that would need a preflight first).
      const response = await expectGatewayRefusal(targets, {
        path: REFERRAL,
        bare: true,
        init: { headers: { origin, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors' } },
        ...CSRF_REQUIRED,
      });
      noCorsPermission(response);
    },
  },
  {
    area: 'CORS',
    tries: `a preflight for X-CSRF and PUT from ${name} (${origin})`,
    async run(targets) {
      const response = await expectGatewayRefusal(targets, {
        path: '/api/acting-context',
        bare: true,
        init: {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'PUT',
            'access-control-request-headers': 'x-csrf, content-type',
          },
        },
        status: [403, 404, 405],
      });
      noCorsPermission(response);
    },
  },
]);

export const CSRF_AND_CORS: AttackRow[] = [...csrf, ...cors];
