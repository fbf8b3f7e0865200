/**
 * What the worklists' patients routes share (A008's `GET /api/worklists/{listType}/patients` and
 * A023's `GET /api/advice-and-guidance/patients`): the name and date of birth of a few rows of a
 * worklist, from PDS. The SPA shows the worklist from e-RS at once and asks this for its rows a
 * few at a time, one request after another, so the names fill in while the list is in use.
 *
 * The browser names rows by UBRN only. Each must be a row of a worklist of that list type this BFF
 * served to this session in this acting context (patient-cache.ts remembers their NHS numbers).
 * This process's memory may not have it (the list was served by another instance, or before a
 * restart): then e-RS is asked for the list once more, unfiltered, and a row still not on it
 * refuses the whole request before PDS is asked, so the BFF cannot be used to browse PDS.
 *
 * PDS is asked once per patient per session, shared with the banners; its application limit (5/s
 * by default) paces the calls, and a session's requests run one at a time. A row PDS could not
 * answer (busy, down, no record) says so in a word and still shows its NHS number: the list never
 * fails for want of a name. One `pds_retrieval` audit event per row looked up.
 */
import { isValidNhsNumber } from '@ers/shared/nhs-number';
import { UBRN_PATTERN } from '@ers/shared/ubrn';
import {
  WORKLIST_PATIENTS_PER_REQUEST,
  worklistPatientOf,
  type WorklistPatient,
  type WorklistPatientUnshown,
  type WorklistPatients,
} from '@ers/shared/worklist-patients';
import { AppError } from '../http/app-error';
import { requireOnBehalfOf } from './access';
import type { GatewayServices, PdsAudit, Retrieval, RouteContext } from './operation';
import type { ErsOutcome } from './outcome';
import type { PatientListType } from './patient-cache';
import { lookUpPatient, pdsRefusal } from './patient-lookup';
import { refusal } from './refusal';

/** A worklist row as e-RS listed it: its UBRN and NHS number (null: the row had none). */
type ListedRow = { ubrn: string; nhsNumber: string | null };

function ubrnsParam(c: RouteContext): string[] {
  const ubrns = [...new Set(c.req.queries('ubrn') ?? [])];
  if (
    ubrns.length === 0 ||
    ubrns.length > WORKLIST_PATIENTS_PER_REQUEST ||
    !ubrns.every((ubrn) => UBRN_PATTERN.test(ubrn))
  ) {
    throw new AppError(
      400,
      'invalid_request',
      `Ask for 1 to ${WORKLIST_PATIENTS_PER_REQUEST} rows, each by its 12-digit UBRN.`,
    );
  }
  return ubrns;
}

async function rowPatient(
  c: RouteContext,
  retrieval: Retrieval,
  services: GatewayServices,
  ubrn: string,
  nhsNumber: string | null,
): Promise<WorklistPatient> {
  const notShown = (reason: WorklistPatientUnshown, audit?: PdsAudit): WorklistPatient => {
    if (audit) retrieval.auditPds({ ...audit, ubrn });
    return { status: 'not_shown', ubrn, reason };
  };
  // No number, no patient: nothing was looked up, so nothing to audit.
  if (nhsNumber === null) return notShown('no_nhs_number');
  if (!services.pds) return notShown('not_configured', { outcome: 'not_configured' });
  if (!isValidNhsNumber(nhsNumber)) {
    return notShown('invalid_nhs_number', { outcome: 'invalid_nhs_number' });
  }
  const { outcome, cached } = await lookUpPatient(
    c,
    retrieval,
    services.pds,
    services.patients,
    nhsNumber,
  );
  const source = cached ? { cached } : { pdsRequestId: outcome.requestId };
  if (outcome.kind === 'ok') {
    retrieval.auditPds({ ubrn, outcome: 'ok', ...source });
    return worklistPatientOf(ubrn, nhsNumber, outcome.body);
  }
  if (outcome.kind === 'not_found') {
    const invalidated = outcome.ersCode === 'INVALIDATED_RESOURCE';
    return invalidated
      ? notShown('invalidated', { outcome: 'invalidated', ...source })
      : notShown('not_found', { outcome: 'not_found', ...source });
  }
  return notShown('unavailable', {
    outcome: outcome.kind,
    problemCode: pdsRefusal(outcome).code,
    pdsRequestId: outcome.requestId,
  });
}

/**
 * The patients of the `?ubrn=` rows of a `listType` worklist served to this session, its access
 * rule already checked; `relist` asks e-RS for the whole list again (A008 unfiltered, or A023).
 */
export async function listedPatients(
  c: RouteContext,
  retrieval: Retrieval,
  services: GatewayServices,
  listType: PatientListType,
  relist: () => Promise<ErsOutcome<{ items: readonly ListedRow[] }>>,
): Promise<Response> {
  const ubrns = ubrnsParam(c);
  requireOnBehalfOf(c);
  const session = {
    id: c.get('sessionId'),
    expiresAt: c.get('session').expiresAt,
    owner: c.get('session'),
  };
  const rowsOf = () =>
    ubrns.map((ubrn) => ({
      ubrn,
      nhsNumber: services.patients.worklistNhsNumber(session, listType, ubrn),
    }));
  let rows = rowsOf();
  if (rows.some((row) => row.nhsNumber === undefined)) {
    const listed = await relist();
    if (listed.kind !== 'ok') throw refusal(listed);
    services.patients.rememberWorklist(session, listType, listed.body.items);
    rows = rowsOf();
  } else {
    // The NHS numbers are the worklist's, as e-RS gave them: it is not asked again.
    retrieval.servedFromCache();
  }
  if (rows.some((row) => row.nhsNumber === undefined)) {
    throw new AppError(
      403,
      'no_access',
      'Patient details are shown only for rows of a worklist you can see.',
    );
  }
  const patients = await services.patients.serially(session.id, () =>
    Promise.all(
      rows.map((row) => rowPatient(c, retrieval, services, row.ubrn, row.nhsNumber ?? null)),
    ),
  );
  return c.json({ patients } satisfies WorklistPatients);
}
