/**
 * A worklist's place in the SPA as a URL: its list, filters and sort in the search params, so Back,
 * a shared link and "Back to <list>" from a referral all find it as it was left. A referral opened
 * from a list carries that URL in its own (`?from=`); what comes back in `from` is read as a
 * worklist URL or not at all, and rebuilt from the parsed values, so nothing a link smuggles into
 * it (another origin, another page, a script URL) ever becomes a link on the referral.
 */
import { isWorklistType, WORKLIST_LABELS, type WorklistType } from '@ers/shared/worklist-access';
import {
  parseWorklistFilters,
  worklistFiltersQuery,
  type WorklistFilters,
} from '@ers/shared/worklist-filters';
import type { Sort, SortDirection, SortKey } from '../components/sort';

export const DEFAULT_SORT: Sort = { key: 'priority', direction: 'ascending' };

/** The search params the sort takes; every other one is a filter. */
export const SORT_PARAMS = { key: 'sort', direction: 'order' } as const;

const SORT_KEYS: readonly SortKey[] = ['priority', 'ubrn', 'specialty', 'received', 'appointment'];
const DIRECTIONS: readonly SortDirection[] = ['ascending', 'descending'];

const isSortParam = (name: string) => name === SORT_PARAMS.key || name === SORT_PARAMS.direction;

/** The sort in a worklist URL; the default for anything missing or unknown. */
export function sortFrom(searchParams: URLSearchParams): Sort {
  const key = searchParams.get(SORT_PARAMS.key);
  const direction = searchParams.get(SORT_PARAMS.direction) ?? 'ascending';
  if (!SORT_KEYS.some((known) => known === key)) return DEFAULT_SORT;
  if (!DIRECTIONS.some((known) => known === direction)) return DEFAULT_SORT;
  return { key: key as SortKey, direction: direction as SortDirection };
}

/**
 * The filters in a worklist URL (empty ones ignored, as a form sends them; the sort is not a
 * filter), or null when the BFF would refuse them.
 */
export function filtersFrom(
  listType: WorklistType,
  searchParams: URLSearchParams,
): WorklistFilters | null {
  const query: Record<string, string[]> = {};
  for (const [name, value] of searchParams) {
    if (value && !isSortParam(name)) (query[name] ??= []).push(value);
  }
  const parsed = parseWorklistFilters(listType, query);
  return parsed.ok ? parsed.filters : null;
}

/** A worklist's URL: its filters, then its sort unless it is the default, in a canonical order. */
export function worklistPath(
  listType: WorklistType,
  filters: WorklistFilters = {},
  sort: Sort = DEFAULT_SORT,
): string {
  const query = new URLSearchParams(worklistFiltersQuery(filters));
  if (sort.key !== DEFAULT_SORT.key || sort.direction !== DEFAULT_SORT.direction) {
    query.set(SORT_PARAMS.key, sort.key);
    query.set(SORT_PARAMS.direction, sort.direction);
  }
  const search = query.toString();
  return `/worklists/${listType}${search ? `?${search}` : ''}`;
}

/** The search param on a referral's URL naming the worklist it was opened from. */
export const FROM_PARAM = 'from';

/** A referral's URL when opened from a worklist (at `listPath`, as worklistPath gives it). */
export function referralPathFrom(ubrn: string, listPath: string): string {
  return `/referrals/${ubrn}?${new URLSearchParams({ [FROM_PARAM]: listPath }).toString()}`;
}

export type WorklistLocation = { listType: WorklistType; label: string; path: string };

const LIST_PATH = /^\/worklists\/([A-Z_]+)$/;

/**
 * The worklist a referral's `from` names, rebuilt from its parts; null for anything that is not
 * a worklist URL of this SPA with filters the BFF takes and a sort this page knows (a fragment,
 * another origin, `//host`, a backslash or an encoded path all count as not).
 */
export function worklistFrom(value: string | null): WorklistLocation | null {
  if (!value?.startsWith('/') || value.startsWith('//') || /[\\\s#]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, 'https://spa.invalid');
  } catch {
    return null;
  }
  if (url.origin !== 'https://spa.invalid') return null;
  const listType = LIST_PATH.exec(url.pathname)?.[1];
  if (!isWorklistType(listType)) return null;
  const filters = filtersFrom(listType, url.searchParams);
  if (!filters) return null;
  const sort = sortFrom(url.searchParams);
  return {
    listType,
    label: WORKLIST_LABELS[listType],
    path: worklistPath(listType, filters, sort),
  };
}
