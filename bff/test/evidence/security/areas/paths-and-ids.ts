/**
 * Path traversal and encoded slashes, and UBRN and id injection: every path parameter is checked
 * against its own rule (shared/ubrn.ts, the attachment id pattern, the enums) before e-RS is
 * asked, so nothing an attacker puts in the path reaches e-RS's path or query.
 */
import { apiAttack, type AttackRow } from '../attack';

const UBRN = '000000070000';
const REFUSED = { status: [400, 404], audit: 'maybe-refused' } as const;

const traversals: Array<[string, string]> = [
  [
    'encoded ../ from a UBRN to a worklist',
    '/api/referrals/..%2F..%2Fworklists%2FREFERRALS_FOR_REVIEW',
  ],
  ['a UBRN followed by an encoded /../', `/api/referrals/${UBRN}%2F..%2F000000070001`],
  ['an encoded .. alone as the UBRN', '/api/referrals/%2e%2e'],
  ['encoded ../../ to /bff/user', '/api/referrals/%2e%2e%2f%2e%2e%2fbff%2fuser'],
  [
    'encoded ../ to another FHIR resource from an attachment id',
    `/api/referrals/${UBRN}/attachments/..%2F..%2F..%2FPatient%2F9912003888`,
  ],
  ['.. as an attachment id', `/api/referrals/${UBRN}/attachments/%2e%2e`],
  ['an encoded NUL after the UBRN', `/api/referrals/${UBRN}%00`],
  ['encoded backslashes (..\\)', `/api/referrals/${UBRN}%5C..%5C000000070001`],
  ['double-encoded ../ (%252e%252e%252f)', '/api/referrals/%252e%252e%252f000000070001'],
  ['overlong UTF-8 ../ (%c0%ae%c0%ae%c0%af)', '/api/referrals/%c0%ae%c0%ae%c0%af000000070001'],
  ['encoded ../ from a code system to Patient', '/api/reference-data/..%2F..%2FSTU3%2FPatient'],
  ['encoded ../ from a worklist type', '/api/worklists/..%2F..%2FReferralRequest'],
  ['encoded ../ as a referral version', `/api/referrals/${UBRN}/versions/..%2F..%2F5`],
  ['a ;matrix parameter after the UBRN', `/api/referrals/${UBRN};jsessionid=x`],
  [
    'encoded ../ after clinical-information',
    `/api/referrals/${UBRN}/clinical-information%2F..%2F..`,
  ],
  ['encoded ../ under on-behalf-of', '/api/on-behalf-of/..%2Fworklists'],
  ['encoded ../ from a service id to Patient', '/api/healthcare-services/..%2F..%2FPatient'],
  [
    'encoded ../ as the version asked for actions',
    `/api/referrals/${UBRN}/versions/..%2F5/actions`,
  ],
  ['a doubled slash after /api', `/api//referrals/${UBRN}`],
  ['the route in capitals', `/api/REFERRALS/${UBRN}`],
  ['a trailing slash', `/api/referrals/${UBRN}/`],
  ['an encoded .. as a worklist type', '/api/worklists/%2e%2e%2fREFERRALS_FOR_REVIEW'],
  ['an encoded slash inside an attachment id', `/api/referrals/${UBRN}/attachments/a%2Fb`],
  ['an absolute path as an attachment id', `/api/referrals/${UBRN}/attachments/%2Fetc%2Fpasswd`],
];

const ids: Array<[string, string]> = [
  ['an 11-digit UBRN', '/api/referrals/00000007000'],
  ['a 13-digit UBRN', '/api/referrals/0000000700001'],
  ['letters for a UBRN', '/api/referrals/ABCDEFGHIJKL'],
  ['a negative UBRN', '/api/referrals/-00000070000'],
  ['a UBRN with a leading +', '/api/referrals/+00000070000'],
  ['Arabic-Indic digits (\\d with Unicode)', `/api/referrals/${'%D9%A0'.repeat(12)}`],
  ['fullwidth digits', `/api/referrals/${'%EF%BC%90'.repeat(12)}`],
  ['a UBRN in scientific notation', '/api/referrals/7e10'],
  ['a UBRN in hex', '/api/referrals/0x0000007000'],
  ["SQL in a UBRN (1' OR '1'='1)", "/api/referrals/1'%20OR%20'1'%3D'1"],
  ['a FHIR query smuggled in a UBRN (?_format=xml)', `/api/referrals/${UBRN}%3F_format%3Dxml`],
  ['a fragment smuggled in a UBRN', `/api/referrals/${UBRN}%23x`],
  ['a FHIR parameter smuggled in a UBRN (&_id=)', `/api/referrals/${UBRN}%26_id%3D1`],
  ['a file extension on a UBRN', `/api/referrals/${UBRN}.json`],
  ['a 27-digit UBRN', `/api/referrals/${'9'.repeat(27)}`],
  ['a version of -1', `/api/referrals/${UBRN}/versions/-1`],
  ['a version of 1.5', `/api/referrals/${UBRN}/versions/1.5`],
  ['a version in scientific notation (1e3)', `/api/referrals/${UBRN}/versions/1e3`],
  ['a version that is not a number', `/api/referrals/${UBRN}/versions/abc`],
  ['a version beyond 2^53', `/api/referrals/${UBRN}/versions/99999999999999999999`],
  ['a FHIR query smuggled in a version', `/api/referrals/${UBRN}/versions/5%3F_format%3Dxml`],
  [
    "A029's search smuggled in its version (&intent=order)",
    `/api/referrals/${UBRN}/versions/5%26intent%3Dorder/actions`,
  ],
  ['a 65-character service id', `/api/healthcare-services/${'1'.repeat(65)}`],
  ['SQL in a service id', "/api/healthcare-services/1'%20OR%20'1'%3D'1"],
  ['a FHIR query smuggled in a service id', '/api/healthcare-services/11002%3F_format%3Dxml'],
  ['a file extension on a service id', '/api/healthcare-services/11002.json'],
  ['markup as an attachment id', `/api/referrals/${UBRN}/attachments/%3Cscript%3E`],
  ['a 300-character attachment id', `/api/referrals/${UBRN}/attachments/${'a'.repeat(300)}`],
  ['SQL as an attachment id', `/api/referrals/${UBRN}/attachments/x'%20OR%201%3D1`],
  ['a FHIR resource type as a code system', '/api/reference-data/Patient'],
  ['a code system in lower case', '/api/reference-data/specialty'],
  ['a worklist type that is not one', '/api/worklists/ALL'],
  ['a worklist type in lower case', '/api/worklists/referrals_for_review'],
  ['an ODS code in lower case', '/api/on-behalf-of?odsCode=r69'],
  ['an ODS code with a quote', "/api/on-behalf-of?odsCode=R69'"],
  ['an 11-character ODS code', `/api/on-behalf-of?odsCode=${'A'.repeat(11)}`],
  ['an empty ODS code', '/api/on-behalf-of?odsCode='],
];

export const PATHS_AND_IDS: AttackRow[] = [
  ...traversals.map(([tries, path]) =>
    apiAttack({ area: 'path traversal', tries, path, ...REFUSED }),
  ),
  ...ids.map(([tries, path]) =>
    apiAttack({ area: 'UBRN and id injection', tries, path, ...REFUSED }),
  ),
];
