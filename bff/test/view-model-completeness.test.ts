/**
 * View-model completeness against the e-RS specification's own examples (A005, A008, A004; the
 * operations added since are in view-model-completeness-later-operations.test.ts):
 * every field an example carries either reaches the view model or is listed below with the
 * reason it does not. Whether a field reaches it is not claimed here but found out
 * (support/completeness.ts): each field of each example is changed on its own and mapped again.
 *
 * So this fails when a new specification carries a field the view model drops, when a mapper
 * change starts dropping one, and when a reason below is no longer needed (stale) or is so broad
 * that it covers a field the view model always shows.
 */
import { describe, expect, it } from 'vitest';
import { toReferralSummary } from '@ers/shared/referral-summary';
import { ReferenceDataCodeSystemSchema } from '@ers/shared/reference-data';
import { WorklistTypeSchema } from '@ers/shared/worklist';
import { toReferenceData } from '../src/ers/operations/a004-reference-data/code-system';
import { toWorklist } from '../src/ers/operations/a008-worklist/worklist-list';
import { covers, leavesOf } from './support/completeness';
import {
  DISPLAY_OURS,
  PROFILES,
  SYSTEMS,
  describeCompleteness,
  type Reasons,
} from './support/completeness-suite';
import { specExamples } from './support/harness';

/** A005 ReferralRequest fields the referral summary does not show, and why. */
const A005_NOT_SHOWN: Reasons = {
  '**.meta.profile': PROFILES,
  '**.valueCoding.system': SYSTEMS,
  '**.valueCodeableConcept.coding[].system': SYSTEMS,
  '**.reason[].coding[].system': SYSTEMS,
  '**.valueReference.identifier.system': SYSTEMS,
  '**.valueIdentifier.system': SYSTEMS,
  'subject.identifier.system': SYSTEMS,
  'contained[List].entry[].item.identifier.system': SYSTEMS,
  'extension[Extension-eRS-ReferralPriority-1].valueCodeableConcept.coding[].display': DISPLAY_OURS,
  'extension[Extension-eRS-ReferralState-1].extension[state].valueCoding.display': DISPLAY_OURS,
  'extension[Extension-eRS-Commissioning-Rule-Org-1]':
    "the organisation whose commissioning rules chose the shortlist: the booking side's concern, not a reviewer's",
  'extension[Extension-eRS-Appointment-Reference-1]':
    "the appointment's id in e-RS, for the booking operations this read-only client does not make",
  identifier: "e-RS's internal request id; the UBRN is what identifies a referral to people",
  intent: "always 'plan' for an e-RS referral",
  status:
    "the FHIR status (active, cancelled, completed); the e-RS referral state is what the summary's status shows",
  'specialty.coding':
    'the same specialty as the service search criteria, which are read first (this is read only without them)',
  'contained[Parameters].parameter[specialty].name':
    'changing the name alone falls back to `specialty`, which names the same specialty in these examples',
  'contained[Parameters].parameter[priority]':
    'the same priority as the referral priority extension',
  'contained[Parameters].parameter[postcode]':
    "where the referrer searched from (the patient's area): how the shortlist was found, not part of the referral",
  'contained[Parameters].parameter[distanceLimit]':
    'how far the referrer searched: how the shortlist was found, not part of the referral',
  'contained[Parameters].parameter[ageAndGenderAppropriate]':
    'a search option of the referrer: how the shortlist was found, not part of the referral',
  'contained[List].resourceType': 'the shortlist is found by the reference to it, not by its type',
  'contained[List].status': "always 'current' for a shortlist",
  'contained[List].mode': "always 'snapshot' for a shortlist",
  'contained[List].extension[Extension-eRS-Shortlist-SearchCriteria-1]':
    'links the shortlist to the search criteria, which are found by their id',
  'contained[Appointment].meta.versionId': "the appointment's own version, for updating it",
  'contained[Appointment].language': "the resource's language ('en'); the SPA has its own",
  'contained[Appointment].description': "always 'e-Referral Appointment'",
  'contained[Appointment].created':
    'when e-RS recorded the booking; a reviewer acts on when the appointment is',
  'contained[Appointment].slot':
    "the booked slot's id, for the booking operations this client does not make",
  'contained[Appointment].incomingReferral': 'points back at this referral',
  'contained[Appointment].participant[nhs-number]':
    'the patient, whom the summary has from `subject`',
  'contained[Appointment].participant[sds-user-id].type':
    'marks the allocated clinician (CON), who is found by the SDS user id system',
  'contained[Appointment].participant[*].status':
    "always 'accepted' (the schema allows nothing else)",
  'contained[DocumentReference].id':
    'the attachment is found through its Binary id, which A042 takes',
  'contained[DocumentReference].status': "always 'current' for a listed attachment",
  'contained[DocumentReference].description':
    "shown only for an attachment without a title; every example's has one",
  'contained[DocumentReference].type':
    'whether the referrer or the provider attached it; the attaching organisation is shown instead',
  'contained[DocumentReference].content[].attachment.id':
    'read only without a url; the Binary id in the url is what A042 takes',
  'contained[DocumentReference].content[].attachment.creation':
    'read only without `indexed`, which every example has',
  'contained[DocumentReference].content[].attachment.extension[Extension-eRS-AttachedBy-1]':
    'the SDS user id of who attached it; the attaching organisation is shown, a bare user id tells a reader nothing',
  'contained[DocumentReference].content[].attachment.extension[Extension-eRS-AttachedOnBehalfOf-1]':
    'the SDS user id the file was attached on behalf of; as above',
  'supportingInfo[].reference':
    'references to contained attachments (read from `contained`); references to other referrals are shown as related requests',
};

/** A008 worklist fields the worklist does not show, and why. */
const A008_NOT_SHOWN: Reasons = {
  '**.meta.profile': PROFILES,
  '**.valueCodeableConcept.coding[].system': SYSTEMS,
  'entry[].extension[*].extension[service].valueReference.identifier.system': SYSTEMS,
  'entry[].extension[*].extension[status].valueCodeableConcept.coding[].display':
    "worklists spell some states otherwise than A005 (APP_ for APPT_): the state is shown in A005's spelling with its label",
  'entry[].extension[*].extension[requestContextStatus].valueCodeableConcept.coding[].display':
    DISPLAY_OURS,
  'contained[Patient].resourceType': 'contained patients are found by the reference to them',
  'contained[Practitioner].resourceType':
    'contained practitioners are found by the reference to them',
  status: "always 'current' for a worklist",
  mode: "always 'snapshot' for a worklist",
};

/** A004 CodeSystem fields the reference data does not carry, and why. */
const A004_NOT_SHOWN: Reasons = {
  '**.meta.profile': PROFILES,
  '**.valueCoding.system': SYSTEMS,
  id: 'the code system the route asked for, which the view model names',
  url: "the code system's canonical URL; the view model names it by its type",
  name: "the code system's title for people; the SPA has its own words",
  description: "the code system's description for people; the SPA has its own words",
  status: "the code system's publication status",
  date: 'when the code system was last published; `version` tells versions apart',
  publisher: "always 'e-Referral Service'",
  copyright: 'the copyright statement of the code system',
  experimental: 'code-system metadata (false in every example)',
  caseSensitive: 'code-system metadata (true in every example): codes are kept exactly as sent',
  content: "always 'complete'",
  property:
    "the definitions of the concepts' properties (code, uri, type); the values are kept by their code",
  'concept[].extension[Extension-eRS-EffectivefromDate-1]':
    'the same date as the effectiveFrom property, which is read',
  'concept[].extension[Extension-eRS-EffectivetoDate-1]':
    'the same date as the effectiveTo property, which is read',
};

const A005 = specExamples('/STU3/ReferralRequest/{ubrn}', 'get');
const A008 = specExamples('/STU3/ReferralRequest/$ers.fetchworklist', 'post');
const A004 = specExamples('/STU3/CodeSystem/{codeSystemType}', 'get');

/** Each example's list type: the worklist examples are named after their lists (or filters). */
function listTypeOf(name: string) {
  const listType = WorklistTypeSchema.parse(
    name.startsWith('filtered-by-')
      ? 'REFERRALS_FOR_REVIEW'
      : name
          .toUpperCase()
          .replace(/-/g, '_')
          .replace(/_RESPONSES$/, '_RESPONSE'),
  );
  return listType;
}

describeCompleteness(
  'A005 ReferralRequest -> referral summary',
  A005,
  A005_NOT_SHOWN,
  () => toReferralSummary,
);
describeCompleteness(
  'A008 List -> worklist',
  A008,
  A008_NOT_SHOWN,
  (name) => (json) => toWorklist(listTypeOf(name), json),
);
describeCompleteness(
  'A004 CodeSystem -> reference data',
  A004,
  A004_NOT_SHOWN,
  (_name, example) => {
    const codeSystem = ReferenceDataCodeSystemSchema.parse((example as { id: string }).id);
    return (json) => toReferenceData(codeSystem, json);
  },
);

describe('field paths', () => {
  it('a listed path covers itself and what is under it, with [*] and **. as wildcards', () => {
    expect(covers('a.b', 'a.b')).toBe(true);
    expect(covers('a.b', 'a.b.c')).toBe(true);
    expect(covers('a.b', 'a.bc')).toBe(false);
    expect(covers('a[*].y', 'a[x].y')).toBe(true);
    expect(covers('a[x].y', 'a[z].y')).toBe(false);
    expect(covers('**.coding[].system', 'x[k].coding[].system')).toBe(true);
    expect(covers('**.coding[].system', 'x.valueCoding.system')).toBe(false);
  });

  it("names a Bundle's entries by their resource's type, so a path means one kind of resource", () => {
    const bundle = {
      entry: [
        { resource: { resourceType: 'Communication', id: 'x' } },
        { resource: { resourceType: 'PractitionerRole', id: 'y' } },
      ],
    };
    expect(leavesOf(bundle).map((leaf) => leaf.path)).toEqual([
      'entry[Communication].resource.resourceType',
      'entry[Communication].resource.id',
      'entry[PractitionerRole].resource.resourceType',
      'entry[PractitionerRole].resource.id',
    ]);
  });
});
