/**
 * View-model completeness against the e-RS specification's own examples, for the operations
 * added after A005, A008 and A004 (view-model-completeness.test.ts, which says how it works):
 * the A&G worklist (A023), an A&G request's summary (A024) and conversation (A025), a referral's
 * available actions (A029) and a service's details (A033).
 */
import { describe, expect, it } from 'vitest';
import {
  toAdviceConversation,
  toAdviceRequestSummary,
  toAdviceWorklist,
} from '@ers/shared/advice-and-guidance';
import { toAvailableActions } from '@ers/shared/available-actions';
import { toHealthcareService } from '@ers/shared/healthcare-service';
import {
  DISPLAY_OURS,
  PROFILES,
  SYSTEMS,
  describeCompleteness,
  type Reasons,
} from './support/completeness-suite';
import { specExamples } from './support/harness';

const SEARCH_CRITERION =
  'a search option of the referrer: how the shortlist was found, not part of the request';
/** Why a searchset Bundle's own fields (A025, A029) are not shown. */
const BUNDLE: Reasons = {
  id: "the search result's own id, not the id of anything shown",
  'meta.lastUpdated': 'when e-RS produced the search result, not when anything in it happened',
  link: 'the self link: the query as e-RS read it, which the BFF wrote',
  'entry[*].fullUrl': "the entry's URL; included resources are found by their type and id",
  'entry[*].search.mode':
    "'match' or 'include': messages, tasks and what they include are told apart by their type",
};
/** Why an attachment's fields are not shown (A024, A025). */
const ATTACHMENT = {
  'content[].attachment.id': 'read only without a url; the Binary id in the url is what A042 takes',
  'content[].attachment.creation': 'read only without `indexed`, which every example has',
  'content[].attachment.extension[Extension-eRS-AttachedBy-1]':
    'the SDS user id of who attached it: a bare user id tells a reader nothing; the attaching organisation is shown',
  'content[].attachment.extension[Extension-eRS-AttachedOnBehalfOf-1]':
    'the SDS user id the file was attached on behalf of; as above',
  status: "always 'current' for a listed attachment",
  description:
    "the title's stand-in, read only for an attachment without a title; every example's has one",
};
const under = (prefix: string, reasons: Reasons): Reasons =>
  Object.fromEntries(Object.entries(reasons).map(([path, why]) => [`${prefix}.${path}`, why]));

/** A023 List fields the A&G worklist does not show, and why. */
const A023_NOT_SHOWN: Reasons = {
  '**.meta.profile': PROFILES,
  '**.valueCodeableConcept.coding[].system': SYSTEMS,
  '**.valueReference.identifier.system': SYSTEMS,
  status: "always 'current' for a worklist",
  mode: "always 'snapshot' for a worklist",
};

/** A024 CommunicationRequest fields the A&G request summary does not show, and why. */
const A024_NOT_SHOWN: Reasons = {
  '**.meta.profile': PROFILES,
  '**.identifier.system': SYSTEMS,
  '**.coding[].system': SYSTEMS,
  '**.valueCoding.system': SYSTEMS,
  'extension[Extension-eRS-ReferralPriority-1].valueCodeableConcept.coding[].display': DISPLAY_OURS,
  'extension[Extension-eRS-ProviderConversionAuthorisation-1].valueCoding.display':
    'whether the referrer allows conversion is shown as a yes or no in our words',
  'extension[Extension-eRS-Specialty-1].url':
    "changing the url alone falls back to the search criteria's specialty, the same specialty in these examples",
  'contained[Parameters].id': 'the search criteria are found by their type, not their id',
  'contained[Parameters].parameter[priority]': 'the same priority as the priority extension',
  'contained[Parameters].parameter[specialty]':
    'the same specialty as the specialty extension, which is read first (this is read only without it)',
  'contained[Parameters].parameter[ageAndGenderAppropriate]': SEARCH_CRITERION,
  'contained[Parameters].parameter[commissioningProvisioning]': SEARCH_CRITERION,
  'contained[List].resourceType': 'the shortlist is found by the reference to it, not by its type',
  'contained[List].status': "always 'current' for a shortlist",
  'contained[List].mode': "always 'snapshot' for a shortlist",
  'contained[List].extension[Extension-eRS-Shortlist-SearchCriteria-1]':
    'links the shortlist to the search criteria, which are found by their type',
  status:
    'the FHIR status (active, completed, ...); the A&G status (`category`) is what the summary shows',
  recipient:
    "the service the request went to: the shortlist's one service, shown with its name from there",
  sender:
    'the role that sent the request: the same role as `requester` in every example, which is shown',
  identifier: "e-RS's internal request id; the UBRN is what identifies a request to people",
  'contained[DocumentReference].type':
    "who attached it: the request's own files are the referrer's (REFERRER in every example); the provider's come with its messages (A025)",
  ...under('contained[DocumentReference]', ATTACHMENT),
};

/** A025 Bundle fields the A&G conversation does not show, and why. */
const A025_NOT_SHOWN: Reasons = {
  ...BUNDLE,
  '**.meta.profile': PROFILES,
  '**.identifier.system': SYSTEMS,
  '**.coding[].system': SYSTEMS,
  '**.valueCoding.system': SYSTEMS,
  type: "always 'searchset' for a search's answer",
  total: 'the number of messages, which the messages themselves give',
  'entry[Communication].resource.meta.versionId':
    "a message's own version ('0' in every example): a sent message does not change",
  'entry[Communication].resource.extension[Extension-Communication-Requester-1]':
    "the role that asked: the same role as the message's `sender` in every example, which is shown as its author",
  'entry[Communication].resource.basedOn[].reference':
    'checked to be about this request (a message about another refuses the answer); the request is what the page is already about',
  'entry[Communication].resource.status': "always 'completed' for a sent message",
  'entry[Communication].resource.recipient':
    'the service or the referring organisation it went to: which way it went is shown from `category` (who sent it)',
  'entry[DocumentReference].resource.type':
    'ADVICE_REQUEST or GUIDANCE_RESPONSE: the message the file belongs to says which side sent it',
  ...under('entry[DocumentReference].resource', ATTACHMENT),
};

/** A029 Bundle fields the available actions do not show, and why. */
const A029_NOT_SHOWN: Reasons = {
  ...BUNDLE,
  '**.meta.profile': PROFILES,
  'entry[Task].resource.id':
    "the task's id: each action is taken with its own operation, not through the task",
  'entry[Task].resource.status': "always 'ready' (A029 is asked with status=ready)",
  'entry[Task].resource.intent': "always 'proposal' (A029 is asked with intent=proposal)",
  'entry[Task].resource.code.coding[].display':
    "every example's action is one this client knows, shown with our own label (an unknown one keeps e-RS's display)",
};

/** A033 HealthcareService fields the service details do not show, and why. */
const A033_NOT_SHOWN: Reasons = {
  'type[].coding[].system': SYSTEMS,
  'location[].identifier.system': SYSTEMS,
  'extension[Extension-eRS-HealthcareService-Contact].extension[purpose].valueCodeableConcept.coding[].system':
    'the purpose is shown by its display, whichever code system it is from',
  language: "the resource's language ('en'); the SPA has its own",
  'extension[Extension-eRS-HealthcareService-Contact].extension[purpose].valueCodeableConcept.coding[].code':
    "read only without a display; every example's purpose has one",
  'characteristic[].coding[].display':
    "the request-flow type's display is a definition, too long for a row: it is shown with our label (the bookable type's display is shown)",
};

const A023 = specExamples('/STU3/CommunicationRequest/$ers.fetchworklist', 'post');
const A024 = specExamples('/STU3/CommunicationRequest/{ubrn}', 'get');
const A025 = specExamples('/STU3/Communication', 'get');
const A029 = specExamples('/STU3/Task', 'get');
const A033 = specExamples('/R4/HealthcareService/{id}', 'get');

/**
 * The spec's `unavailable-attachments` A025 example holds messages based on two requests
 * (000000070003 and 000000070001): the mapper refuses it by design (one request's page must not
 * show another's messages), so it cannot be audited field by field.
 */
const MIXED_REQUESTS = 'unavailable-attachments';
const A025_AUDITED = new Map([...A025].filter(([name]) => name !== MIXED_REQUESTS));

/** `.../000000070001/_history/6` -> the UBRN and version the mapper is asked for. */
function ubrnAndVersion(reference: string | undefined): [string, string] {
  const [, ubrn = '', version = ''] = /\/(\d{12})\/_history\/(\d+)$/.exec(reference ?? '') ?? [];
  return [ubrn, version];
}

type Entries = { entry?: { resource: Record<string, unknown> }[]; link?: { url: string }[] };

/** The request A025 was asked about, as its first message says (its self link may differ). */
function conversationOf(example: unknown): [string, string] {
  const message = (example as Entries).entry?.find(
    ({ resource }) => resource.resourceType === 'Communication',
  )?.resource as { basedOn?: { reference?: string }[] } | undefined;
  return ubrnAndVersion(message?.basedOn?.[0]?.reference);
}

/** The referral version A029 was asked about: its self link's `focus` (also for no tasks). */
function focusOf(example: unknown): [string, string] {
  const self = (example as Entries).link?.[0]?.url ?? '';
  return ubrnAndVersion(new URL(self, 'https://ers.invalid').searchParams.get('focus') ?? '');
}

describeCompleteness('A023 List -> A&G worklist', A023, A023_NOT_SHOWN, () => toAdviceWorklist);
describeCompleteness(
  'A024 CommunicationRequest -> A&G request summary',
  A024,
  A024_NOT_SHOWN,
  () => toAdviceRequestSummary,
);
describeCompleteness(
  'A025 Bundle -> A&G conversation',
  A025_AUDITED,
  A025_NOT_SHOWN,
  (_name, example) => {
    const [ubrn, version] = conversationOf(example);
    return (json) => toAdviceConversation(json, ubrn, version);
  },
);
describeCompleteness('A029 Bundle -> available actions', A029, A029_NOT_SHOWN, (_name, example) => {
  const [ubrn, version] = focusOf(example);
  return (json) => toAvailableActions(json, ubrn, version);
});
describeCompleteness(
  'A033 HealthcareService -> service details',
  A033,
  A033_NOT_SHOWN,
  () => toHealthcareService,
);

describe(`A025's ${MIXED_REQUESTS} example`, () => {
  it('is refused, as its messages are based on two requests (so the audit above leaves it out)', () => {
    const example = A025.get(MIXED_REQUESTS);
    const [ubrn, version] = conversationOf(example);
    expect(toAdviceConversation(example, ubrn, version)).toEqual({
      ok: false,
      reason: 'A025 Communication based on another request',
    });
  });
});
