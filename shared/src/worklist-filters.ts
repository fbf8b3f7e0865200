/**
 * The A008 worklist filters, as the BFF takes them in the query string of
 * `GET /api/worklists/{listType}` and the SPA keeps them in its URL. They are the
 * eRS-FetchWorklist-Parameters-1 filter parameters, under the same names:
 *
 *   service                     ers-service id (digits)
 *   specialtyAssignedIndicator  ASSIGNED | NOT_ASSIGNED
 *   specialty                   SPECIALTY code (needs the indicator ASSIGNED, the default)
 *   location                    ODS code of the service location
 *   clinicianAssignedIndicator  ASSIGNED | NOT_ASSIGNED
 *   clinician                   SDS user id (needs the indicator ASSIGNED, the default)
 *
 * e-RS takes filters on the service provider lists only; on a referring organisation's list any
 * filter is refused.
 */
import type { WorklistType } from './worklist-access';

export const WORKLIST_FILTER_NAMES = [
  'service',
  'specialtyAssignedIndicator',
  'specialty',
  'location',
  'clinicianAssignedIndicator',
  'clinician',
] as const;
export type WorklistFilterName = (typeof WORKLIST_FILTER_NAMES)[number];

export const ASSIGNED_INDICATORS = ['ASSIGNED', 'NOT_ASSIGNED'] as const;
export type AssignedIndicator = (typeof ASSIGNED_INDICATORS)[number];

export type WorklistFilters = {
  service?: string;
  specialtyAssignedIndicator?: AssignedIndicator;
  specialty?: string;
  location?: string;
  clinicianAssignedIndicator?: AssignedIndicator;
  clinician?: string;
};

/** The lists e-RS accepts filters on (the service provider lists). */
export const FILTERABLE_WORKLIST_TYPES: readonly WorklistType[] = [
  'REFERRALS_FOR_REVIEW',
  'APPOINTMENT_SLOT_ISSUES',
];

export const isFilterableWorklist = (listType: WorklistType): boolean =>
  FILTERABLE_WORKLIST_TYPES.includes(listType);

const INDICATOR = /^(ASSIGNED|NOT_ASSIGNED)$/;
const PATTERNS: Record<WorklistFilterName, RegExp> = {
  service: /^\d{1,12}$/,
  specialtyAssignedIndicator: INDICATOR,
  specialty: /^[A-Z0-9][A-Z0-9_-]{0,63}$/,
  location: /^[A-Z0-9]{3,10}$/,
  clinicianAssignedIndicator: INDICATOR,
  clinician: /^\d{12}$/,
};

const DESCRIPTIONS: Record<WorklistFilterName, string> = {
  service: 'a service id',
  specialtyAssignedIndicator: 'ASSIGNED or NOT_ASSIGNED',
  specialty: 'a specialty code',
  location: 'an organisation code',
  clinicianAssignedIndicator: 'ASSIGNED or NOT_ASSIGNED',
  clinician: 'a 12-digit SDS user id',
};

const isFilterName = (name: string): name is WorklistFilterName =>
  (WORKLIST_FILTER_NAMES as readonly string[]).includes(name);

export type WorklistFiltersResult =
  { ok: true; filters: WorklistFilters } | { ok: false; detail: string };

/**
 * Filters from query parameters (each name to all its values). Unknown names, repeats, values
 * that do not match, a specialty or clinician with its indicator NOT_ASSIGNED, and any filter on
 * a list that takes none are refused.
 */
export function parseWorklistFilters(
  listType: WorklistType,
  query: Record<string, string[]>,
): WorklistFiltersResult {
  const filters: Record<string, string> = {};
  for (const [name, values] of Object.entries(query)) {
    if (!isFilterName(name)) return { ok: false, detail: `'${name}' is not a worklist filter.` };
    if (values.length !== 1) return { ok: false, detail: `Give '${name}' once.` };
    if (!PATTERNS[name].test(values[0]!)) {
      return { ok: false, detail: `'${name}' must be ${DESCRIPTIONS[name]}.` };
    }
    filters[name] = values[0]!;
  }
  if (Object.keys(filters).length > 0 && !isFilterableWorklist(listType)) {
    return { ok: false, detail: 'This worklist cannot be filtered.' };
  }
  for (const [value, indicator] of [
    ['specialty', 'specialtyAssignedIndicator'],
    ['clinician', 'clinicianAssignedIndicator'],
  ] as const) {
    if (filters[value] !== undefined && filters[indicator] === 'NOT_ASSIGNED') {
      return { ok: false, detail: `'${value}' needs '${indicator}' ASSIGNED.` };
    }
  }
  return { ok: true, filters: filters as WorklistFilters };
}

/** The filters as a query string (`?a=b`, or '' when there are none), in the canonical order. */
export function worklistFiltersQuery(filters: WorklistFilters): string {
  const query = WORKLIST_FILTER_NAMES.filter((name) => filters[name])
    .map((name) => `${name}=${encodeURIComponent(filters[name]!)}`)
    .join('&');
  return query ? `?${query}` : '';
}
