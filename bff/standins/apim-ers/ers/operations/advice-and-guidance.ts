/**
 * Advice and Guidance, as the e-RS API specification describes each operation:
 *
 * - A023 `POST /STU3/CommunicationRequest/$ers.fetchworklist`: a FHIR Parameters body with the
 *   one A&G list type (ADVICE_AND_GUIDANCE_REQUESTS, eRS-CommunicationListSelector-1) and
 *   nothing else; for SPC, SPCA and SPA only (referring organisations have no A&G worklist).
 * - A024 `GET /STU3/CommunicationRequest/{ubrn}` and `/_history/{version}`: the request, for RC,
 *   RCA, SPC and SPCA; only the current version (else 404 HISTORY_NOT_SUPPORTED).
 * - A025 `GET /STU3/Communication?based-on=CommunicationRequest/{ubrn}/_history/{version}`: the
 *   conversation, same business functions; `based-on` required and at the current version (else
 *   404); `_include` only from the spec's three values, and only what is asked for is included
 *   (the spec says the default includes may change, so none are given unasked). A025 refuses with
 *   400 where A024 and A043 use 422 (its 400 table lists NO_RELATIONSHIP, INVALID_REQUEST_TYPE).
 * - A043 `POST /STU3/CommunicationRequest/{ubrn}/$ers.generateCRI`: the overview as a PDF, same
 *   business functions.
 *
 * A UBRN that is a referral, not an A&G request, is INVALID_REQUEST_TYPE; an A&G request of
 * another organisation is NO_RELATIONSHIP (rules.ts: provider functions see the provider
 * organisation's, referrer functions the requester organisation's).
 */
import { REFERRALS, withBaseUrl } from '@ers/fixtures';
import {
  ADVICE_REQUESTS,
  adviceVersionOf,
  adviceWorklistList,
  type AdviceFixture,
} from '@ers/fixtures/advice-and-guidance';
import { simplePdf } from '@ers/fixtures/files';
import { stu3Outcome } from '../outcomes';
import { PROVIDER_FUNCTIONS, RC, RCA, SPC, SPCA, hasRelationship } from '../rules';
import { fetchWorklistParameters } from './fetch-worklist-body';
import type { Operation, OperationRequest, OperationResponse } from './types';

const ADVICE_READERS = new Set([RC, RCA, SPC, SPCA]);
const LIST_SELECTOR = 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-CommunicationListSelector-1';
const INCLUDES = new Set([
  'Communication:requester-practitionerrole:PractitionerRole',
  'Communication:sender-practitionerrole:PractionerRole',
  'Communication:content-reference:DocumentReference',
]);

const unprocessable = (code: string, display: string, diagnostics: string) =>
  stu3Outcome(422, code === 'INVALID_CODE' ? 'code-invalid' : 'value', code, display, diagnostics);

/** The request, or e-RS's refusal: 404 unknown, `status` INVALID_REQUEST_TYPE or NO_RELATIONSHIP. */
function adviceForUser(
  ubrn: string,
  request: OperationRequest,
  status: 400 | 422,
): { advice: AdviceFixture } | { refusal: OperationResponse } {
  const advice = ADVICE_REQUESTS.get(ubrn);
  if (!advice) {
    if (REFERRALS.has(ubrn)) {
      return {
        refusal: stu3Outcome(
          status,
          'business-rule',
          'INVALID_REQUEST_TYPE',
          'Invalid request type',
          `UBRN ${ubrn} does not correspond to an Advice and Guidance request.`,
        ),
      };
    }
    return { refusal: request.errors.notFound(`CommunicationRequest with ID ${ubrn} not found.`) };
  }
  if (!request.acting || !hasRelationship(advice, request.acting)) {
    return {
      refusal: stu3Outcome(
        status,
        'business-rule',
        'NO_RELATIONSHIP',
        'No legitimate relationship',
        `No Legitimate Relationship for CommunicationRequest with ID ${ubrn}.`,
      ),
    };
  }
  return { advice };
}

type Parameter = { name?: unknown; valueCodeableConcept?: { coding?: unknown } };

export const a023: Operation = {
  id: 'A023',
  method: 'POST',
  pattern: /^\/STU3\/CommunicationRequest\/\$ers\.fetchworklist$/,
  flavour: 'STU3',
  businessFunctions: PROVIDER_FUNCTIONS,
  onBehalfOfRequiredForSpca: true,
  handle({ headers, body, acting, ersBaseUrl }): OperationResponse {
    const read = fetchWorklistParameters({ headers, body });
    if (!read.ok) return read.response;
    const given = read.parameters as Parameter[];
    const other = given.find((parameter) => parameter.name !== 'listType');
    if (other) {
      return unprocessable(
        'UNEXPECTED_FIELD',
        'Unexpected field',
        `'${String(other.name)}' is not a parameter of the Advice and Guidance worklist.`,
      );
    }
    if (given.length !== 1) {
      return unprocessable('MISSING_VALUE', 'Missing value', "'listType' is mandatory, once.");
    }
    const codings = given[0]!.valueCodeableConcept?.coding;
    const coding = Array.isArray(codings) && codings.length === 1 ? codings[0] : undefined;
    const { system, code } = (coding ?? {}) as { system?: unknown; code?: unknown };
    if (system !== LIST_SELECTOR || code !== 'ADVICE_AND_GUIDANCE_REQUESTS') {
      return unprocessable(
        'INVALID_CODE',
        'Invalid code',
        `'listType' must be ADVICE_AND_GUIDANCE_REQUESTS from ${LIST_SELECTOR}.`,
      );
    }
    return { status: 200, body: withBaseUrl(adviceWorklistList(acting!.odsCode), ersBaseUrl) };
  },
};

function retrieveRequest(request: OperationRequest): OperationResponse {
  const [ubrn, version] = request.params as [string, string | undefined];
  const found = adviceForUser(ubrn, request, 422);
  if ('refusal' in found) return found.refusal;
  const current = adviceVersionOf(found.advice);
  if (version !== undefined && version !== current) {
    return stu3Outcome(
      404,
      'not-supported',
      'HISTORY_NOT_SUPPORTED',
      'History not supported',
      `Version ${version} of CommunicationRequest ${ubrn} is not the current version.`,
    );
  }
  return {
    status: 200,
    headers: { ETag: `W/"${current}"` },
    body: withBaseUrl(found.advice.resource, request.ersBaseUrl),
  };
}

export const a024: Operation = {
  id: 'A024',
  method: 'GET',
  pattern: /^\/STU3\/CommunicationRequest\/([^/$]+)$/,
  flavour: 'STU3',
  businessFunctions: ADVICE_READERS,
  onBehalfOfRequiredForSpca: true,
  handle: retrieveRequest,
};

export const a024Versioned: Operation = {
  ...a024,
  pattern: /^\/STU3\/CommunicationRequest\/([^/$]+)\/_history\/([^/]+)$/,
};

const badRequest = (code: string, display: string, diagnostics: string) =>
  stu3Outcome(
    400,
    code === 'INVALID_CODE' ? 'code-invalid' : 'invalid',
    code,
    display,
    diagnostics,
  );

export const a025: Operation = {
  id: 'A025',
  method: 'GET',
  pattern: /^\/STU3\/Communication$/,
  flavour: 'STU3',
  businessFunctions: ADVICE_READERS,
  onBehalfOfRequiredForSpca: true,
  handle(request): OperationResponse {
    const basedOns = request.query.getAll('based-on');
    if (basedOns.length !== 1) {
      return badRequest('MISSING_VALUE', 'Missing value', "'based-on' is mandatory, once.");
    }
    const basedOn = /^CommunicationRequest\/(\d{12})\/_history\/(\d+)$/.exec(basedOns[0]!);
    if (!basedOn) {
      return badRequest(
        'INVALID_VALUE',
        'Invalid value',
        "'based-on' must be CommunicationRequest/{ubrn}/_history/{version}.",
      );
    }
    const includes = request.query.getAll('_include');
    const unknown = includes.find((include) => !INCLUDES.has(include));
    if (unknown !== undefined) {
      return badRequest(
        'INVALID_VALUE',
        'Invalid value',
        `'_include' (${unknown}) is not supported.`,
      );
    }
    for (const name of request.query.keys()) {
      if (name !== 'based-on' && name !== '_include') {
        return badRequest('UNEXPECTED_FIELD', 'Unexpected field', `'${name}' is not a parameter.`);
      }
    }
    const [, ubrn, version] = basedOn as unknown as [string, string, string];
    const found = adviceForUser(ubrn, request, 400);
    if ('refusal' in found) return found.refusal;
    if (version !== adviceVersionOf(found.advice)) {
      return request.errors.notFound(
        `Version ${version} of CommunicationRequest ${ubrn} is not the current version.`,
      );
    }
    const roles = includes.some((include) => include.includes('practitionerrole'));
    const documents = includes.some((include) => include.includes('DocumentReference'));
    const bundle = found.advice.conversation as {
      entry?: Array<{ resource: { resourceType: string } }>;
    };
    const entry = (bundle.entry ?? []).filter(({ resource }) =>
      resource.resourceType === 'PractitionerRole'
        ? roles
        : resource.resourceType === 'DocumentReference'
          ? documents
          : true,
    );
    return { status: 200, body: withBaseUrl({ ...bundle, entry }, request.ersBaseUrl) };
  },
};

const stamp = (now: number) => new Date(now).toISOString().replace(/[-:T]/g, '').slice(0, 14);

export const a043: Operation = {
  id: 'A043',
  method: 'POST',
  pattern: /^\/STU3\/CommunicationRequest\/([^/$]+)\/\$ers\.generateCRI$/,
  flavour: 'STU3',
  businessFunctions: ADVICE_READERS,
  onBehalfOfRequiredForSpca: true,
  handle(request) {
    const found = adviceForUser(request.params[0]!, request, 422);
    if ('refusal' in found) return found.refusal;
    const { advice } = found;
    const messages = (advice.conversation.entry as Array<{ resource: { resourceType: string } }>)
      .length;
    const pdf = simplePdf([
      'e-Referral Service - Advice and Guidance overview (stand-in)',
      `UBRN: ${advice.ubrn}`,
      `NHS number: ${(advice.resource.subject as { identifier: { value: string } }).identifier.value}`,
      `Version: ${adviceVersionOf(advice)}`,
      `Entries in the conversation bundle: ${messages}`,
      `Generated: ${new Date(request.now).toISOString()}`,
      'Synthetic test data: no real patient information.',
    ]);
    return {
      status: 200,
      raw: pdf,
      body: undefined,
      headers: {
        'content-type': 'application/pdf',
        'content-length': String(pdf.length),
        'content-disposition': `attachment; filename="${advice.ubrn}_Advice_And_Guidance_${stamp(request.now)}.pdf"`,
      },
    };
  },
};
