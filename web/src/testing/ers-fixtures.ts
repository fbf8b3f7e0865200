/**
 * The referrals the APIM + e-RS stand-in serves (@ers/fixtures, from the e-RS specification's
 * examples), mapped with the shared view-model mapper the BFF uses: so component tests and the
 * demo mode show what the real BFF would build from the same FHIR. Worklists are made from those
 * summaries, with the lists the stand-in gives Dr Priya Shah (provider at RCD) and Dr James Okafor
 * (referrer at D82106).
 */
import { REFERRALS } from '@ers/fixtures';
import { actionsFor, availableActionsBundle } from '@ers/fixtures/available-actions';
import {
  ADVICE_REQUESTS,
  adviceVersionOf,
  adviceWorklistList,
} from '@ers/fixtures/advice-and-guidance';
import {
  toAdviceConversation,
  toAdviceRequestSummary,
  toAdviceWorklist,
  type AdviceConversation,
  type AdviceRequestSummary,
  type AdviceWorklist,
} from '@ers/shared/advice-and-guidance';
import { HEALTHCARE_SERVICES } from '@ers/fixtures/healthcare-services';
import { WORKLISTS, worklistUbrns, type WorklistSide } from '@ers/fixtures/worklists';
import { toAvailableActions, type AvailableActions } from '@ers/shared/available-actions';
import { toHealthcareService, type HealthcareServiceDetails } from '@ers/shared/healthcare-service';
import { pdsAnswerFor } from '@ers/fixtures/patients';
import { isValidNhsNumber } from '@ers/shared/nhs-number';
import { toPatientBanner, type PatientLookup } from '@ers/shared/patient';
import { toReferralSummary, type ReferralSummary } from '@ers/shared/referral-summary';
import type { Worklist, WorklistItem } from '@ers/shared/worklist';
import type { WorklistType } from '@ers/shared/worklist-access';
import { worklistPatientOf, type WorklistPatient } from '@ers/shared/worklist-patients';

export const fixtureSummaries: ReadonlyMap<string, ReferralSummary> = new Map(
  [...REFERRALS.values()].flatMap((fixture) => {
    const result = toReferralSummary(fixture.resource);
    return result.ok ? [[fixture.ubrn, result.summary] as const] : [];
  }),
);

export function fixtureSummary(ubrn: string): ReferralSummary {
  const summary = fixtureSummaries.get(ubrn);
  if (!summary) throw new Error(`no fixture referral ${ubrn}`);
  return summary;
}

/** The organisations whose lists the demo shows: the spec examples' provider and referrer. */
const DEMO_ORGANISATION = { provider: 'RCD', referrer: 'D82106' } as const;

/** The referring clinician of the spec's worklist examples, as the stand-in names him. */
export const DEMO_REFERRER = '021600556514';

/** The UBRNs the stand-in puts on a list for the demo's organisation (its "Who sees what"). */
export function worklistUbrnsOf(listType: WorklistType): string[] {
  return worklistUbrns(listType, DEMO_ORGANISATION[WORKLISTS[listType].side]);
}

export function worklistItem(summary: ReferralSummary, provider: boolean): WorklistItem {
  const service = summary.appointment?.service ?? summary.services[0] ?? null;
  return {
    ubrn: summary.ubrn,
    nhsNumber: summary.nhsNumber,
    priority: summary.priority,
    specialty: summary.specialty,
    clinicalContext: null,
    service: service ? { id: service.id, name: service.name } : null,
    status: provider ? null : summary.status,
    reason: provider ? null : (summary.statusReason ?? null),
    reviewStatus: provider ? { code: 'NEVER_REVIEWED', label: 'Never reviewed' } : null,
    referralType: null,
    version: summary.version,
    referrer: provider ? null : { sdsUserId: DEMO_REFERRER },
    allocatedClinician: provider ? (summary.appointment?.allocatedClinician ?? null) : null,
    clinicalInformationStatus: null,
    clinicalInfoPrinted: provider ? false : null,
    dates: {
      pathwayStart: summary.pathwayStart ?? null,
      ubrnReceived: summary.clinicalInfoFirstSubmitted,
      referralCreated: null,
      referralLastUpdated: null,
      appointmentStart: summary.appointment?.start ?? null,
      clinicalInfoFirstSubmitted: summary.clinicalInfoFirstSubmitted,
      clinicalInfoLastUpdated: summary.clinicalInfoLastUpdated ?? null,
      letterDue: null,
      patientContactExpected: null,
    },
  };
}

function count(codes: (string | undefined)[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const code of codes) if (code) counts[code] = (counts[code] ?? 0) + 1;
  return counts;
}

export function worklistOf(listType: WorklistType, ubrns = worklistUbrnsOf(listType)): Worklist {
  const provider = WORKLISTS[listType].side === 'provider';
  const items = ubrns.map((ubrn) => worklistItem(fixtureSummary(ubrn), provider));
  return {
    listType,
    items,
    counts: {
      total: items.length,
      byPriority: count(items.map((item) => item.priority?.code)),
      byReviewStatus: count(items.map((item) => item.reviewStatus?.code)),
    },
  };
}

/** A small valid PDF, as the stand-in's object store serves one. */
export const SAMPLE_PDF = [
  '%PDF-1.4',
  '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
  '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
  '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj',
  'trailer << /Root 1 0 R >>',
  '%%EOF',
].join('\n');

/**
 * What the BFF answers for a referral's patient, from the PDS stand-in's patients
 * (@ers/fixtures/patients) mapped with the shared mapper the BFF uses.
 */
export function patientLookupOf(nhsNumber: string, today: string): PatientLookup {
  if (!isValidNhsNumber(nhsNumber)) {
    return {
      status: 'invalid_nhs_number',
      nhsNumber,
      detail: 'NHS number not valid: it fails the NHS number check, so PDS was not asked.',
    };
  }
  const answer = pdsAnswerFor(nhsNumber);
  if (answer.status === 404) {
    return answer.code === 'INVALIDATED_RESOURCE'
      ? {
          status: 'invalidated',
          detail:
            'This NHS number’s record in the Personal Demographics Service (PDS) was invalidated. Check the NHS number with the referrer.',
        }
      : {
          status: 'not_found',
          detail: 'The Personal Demographics Service (PDS) has no record for this NHS number.',
        };
  }
  const banner = toPatientBanner(answer.resource, nhsNumber, today);
  if (!banner.ok) throw new Error(`fixture patient ${nhsNumber}: ${banner.reason}`);
  return { status: 'found', patient: banner.patient };
}

/** What the BFF answers for a worklist row's patient, from the same PDS stand-in patients. */
export function worklistPatientFor(
  ubrn: string,
  nhsNumber: string,
  today: string,
): WorklistPatient {
  const lookup = patientLookupOf(nhsNumber, today);
  if (lookup.status === 'found') return worklistPatientOf(ubrn, nhsNumber, lookup.patient);
  return {
    status: 'not_shown',
    ubrn,
    reason: lookup.status === 'not_configured' ? 'not_configured' : lookup.status,
  };
}

/**
 * A029 as the BFF answers it for the stand-in's data: the referral's actions on the user's side
 * (the spec's split between referrer and provider, as the stand-in applies it).
 */
export function fixtureAvailableActions(
  ubrn: string,
  version: string,
  side: WorklistSide,
): AvailableActions | null {
  const result = toAvailableActions(
    availableActionsBundle(ubrn, version, actionsFor(ubrn, side), {
      ersBaseUrl: '',
      now: 0,
      id: 'demo',
      taskId: (code) => code,
    }),
    ubrn,
    version,
  );
  return result.ok ? result.actions : null;
}

/** A033 as the BFF answers it for the stand-in's services. */
export function fixtureService(serviceId: string): HealthcareServiceDetails | null {
  const resource = HEALTHCARE_SERVICES.get(serviceId);
  const result = resource ? toHealthcareService(resource) : null;
  return result?.ok ? result.service : null;
}

/** The A&G requests the stand-in serves, through the BFF's own mappers (A023, A024, A025). */
export function adviceWorklistOf(odsCode = DEMO_ORGANISATION.provider): AdviceWorklist {
  const mapped = toAdviceWorklist(adviceWorklistList(odsCode));
  if (!mapped.ok) throw new Error(mapped.reason);
  return mapped.value;
}

export function adviceSummaryOf(ubrn: string): AdviceRequestSummary | undefined {
  const fixture = ADVICE_REQUESTS.get(ubrn);
  if (!fixture) return undefined;
  const mapped = toAdviceRequestSummary(fixture.resource);
  if (!mapped.ok) throw new Error(mapped.reason);
  return mapped.value;
}

/** The conversation, or undefined where e-RS would answer 404 (unknown, or not the current version). */
export function adviceConversationOf(
  ubrn: string,
  version: string,
): AdviceConversation | undefined {
  const fixture = ADVICE_REQUESTS.get(ubrn);
  if (!fixture || adviceVersionOf(fixture) !== version) return undefined;
  const mapped = toAdviceConversation(fixture.conversation, ubrn, version);
  if (!mapped.ok) throw new Error(mapped.reason);
  return mapped.value;
}
