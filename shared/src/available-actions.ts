/**
 * e-RS A029 (`GET /STU3/Task?focus=ReferralRequest/{ubrn}/_history/{version}&intent=proposal
 * &status=ready`): what the signed-in user may do next with one version of a referral, as the
 * SPA shows it (read-only: this client retrieves, the action itself is taken elsewhere). Mapped
 * here because the BFF and the SPA's mock handlers read the same FHIR.
 */
import { z } from 'zod';
import { CodingSchema } from './ers-fhir';

export const AVAILABLE_ACTIONS_SYSTEM =
  'https://fhir.nhs.uk/STU3/CodeSystem/eRS-AvailableActionsForUser-1';

/**
 * Every action code A029's specification lists, in plain words. A referrer may be offered the
 * first five, a service provider RECORD_REVIEW_OUTCOME and CANCEL_REFERRAL (A029's "Important
 * information about using this endpoint").
 */
export const AVAILABLE_ACTION_LABELS = {
  CANCEL_DIRECTLY_BOOKED_APPOINTMENT: 'Cancel the appointment booked directly with the service',
  CANCEL_REFERRAL: 'Cancel the referral',
  CREATE_APPOINTMENT: 'Book an appointment, or defer booking to the service',
  CHANGE_SHORTLIST: 'Change the shortlist of services',
  CHANGE_SHORTLIST_AND_SEND_FOR_TRIAGE: 'Change the shortlist and send the referral for triage',
  RECORD_REVIEW_OUTCOME: 'Record the outcome of reviewing the referral',
} as const;
export type AvailableActionCode = keyof typeof AVAILABLE_ACTION_LABELS;

export const AvailableActionsSchema = z.object({
  ubrn: z.string(),
  /** The referral version e-RS answered for: the one the user is looking at. */
  version: z.string(),
  actions: z.array(z.object({ code: z.string(), label: z.string() })),
});
export type AvailableActions = z.infer<typeof AvailableActionsSchema>;

/** The parts of A029's TaskBundle read here; anything else passes through unread. */
const TaskBundleSchema = z
  .object({
    resourceType: z.literal('Bundle'),
    type: z.literal('searchset'),
    entry: z
      .array(
        z.object({
          resource: z
            .object({
              resourceType: z.literal('Task'),
              focus: z.object({ reference: z.string() }),
              code: z.object({ coding: z.array(CodingSchema).min(1) }),
            })
            .loose(),
        }),
      )
      .default([]),
  })
  .loose();

export type AvailableActionsResult =
  { ok: true; actions: AvailableActions } | { ok: false; reason: string };

/**
 * A029's bundle for one referral version. A task about another referral or version is a
 * mismatch, not an action: showing it would offer one patient's options on another's referral.
 * A code this client does not know keeps e-RS's display (the specification says more actions
 * may be added).
 */
export function toAvailableActions(
  fhir: unknown,
  ubrn: string,
  version: string,
): AvailableActionsResult {
  const parsed = TaskBundleSchema.safeParse(fhir);
  if (!parsed.success) {
    return { ok: false, reason: `not an e-RS Task bundle: ${parsed.error.issues[0]?.message}` };
  }
  const focus = `ReferralRequest/${ubrn}/_history/${version}`;
  const actions: AvailableActions['actions'] = [];
  for (const { resource } of parsed.data.entry) {
    if (resource.focus.reference !== focus) {
      return { ok: false, reason: 'Task for another referral or version' };
    }
    const coding = resource.code.coding.find((c) => c.system === AVAILABLE_ACTIONS_SYSTEM);
    if (!coding?.code) return { ok: false, reason: 'Task without an available-action code' };
    const label =
      AVAILABLE_ACTION_LABELS[coding.code as AvailableActionCode] ?? coding.display ?? coding.code;
    if (!actions.some((action) => action.code === coding.code)) {
      actions.push({ code: coding.code, label });
    }
  }
  return { ok: true, actions: { ubrn, version, actions } };
}
