const NOT_RECORDED = 'Not recorded';

// Dates are formatted here rather than with Intl.DateTimeFormat: creating the first formatter
// loads the browser's locale and time-zone data, which took over 200 ms of a referral page's
// load on an iPad-class CPU (scripts/lcp.mjs), and the 12-hour clock Intl gives for en-GB
// differs between ICU versions ("0:05 pm" in some). Checked against Intl in format.test.ts.
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const HOUR_MS = 3_600_000;

/** 01:00 UTC on the last Sunday of `month` (0-11) in `year`, in ms. */
function lastSundayAtOneUtc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

/**
 * `date` moved to UK clock time, to be read with the getUTC* methods: British Summer Time (UTC+1)
 * runs from 01:00 UTC on the last Sunday in March to 01:00 UTC on the last Sunday in October
 * (the Summer Time Order 2002; the same rule since 1996).
 */
function ukClock(date: Date): Date {
  const year = date.getUTCFullYear();
  const time = date.getTime();
  const summer = time >= lastSundayAtOneUtc(year, 2) && time < lastSundayAtOneUtc(year, 9);
  return new Date(summer ? time + HOUR_MS : time);
}

function parse(value: string): Date | null {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : ukClock(date);
}

function longDate(uk: Date): string {
  return `${String(uk.getUTCDate())} ${MONTHS[uk.getUTCMonth()] ?? ''} ${String(uk.getUTCFullYear())}`;
}

/** `2021-06-11T10:28:00Z` -> `11 June 2021`; an unparseable value is shown as it came. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return NOT_RECORDED;
  const uk = parse(value);
  return uk ? longDate(uk) : value;
}

/**
 * A FHIR date as PDS gives it, partial ones as given: `1950` stays `1950`, `1950-06` is
 * `June 1950`, a full date as everywhere else.
 */
export function formatPartialDate(value: string): string {
  if (/^\d{4}$/.test(value)) return value;
  const month = /^(\d{4})-(\d{2})$/.exec(value);
  if (month) return `${MONTHS[Number(month[2]) - 1] ?? month[2]} ${month[1]}`;
  return formatDate(value);
}

/** `2021-06-11T10:28:00Z` -> `11 June 2021 at 11:28am` (UK time). */
export function formatDateTime(value: string | null | undefined): string {
  if (!value || value.length <= 10) return formatDate(value);
  const uk = parse(value);
  if (!uk) return value;
  const hours = uk.getUTCHours();
  const minutes = String(uk.getUTCMinutes()).padStart(2, '0');
  return `${longDate(uk)} at ${String(hours % 12 || 12)}:${minutes}${hours < 12 ? 'am' : 'pm'}`;
}

/** The UK calendar date at `now`, as `yyyy-mm-dd` (a patient's age is counted from it). */
export function ukDateOf(now: Date): string {
  return ukClock(now).toISOString().slice(0, 10);
}

/** `1536` -> `2 KB`. */
export function formatSize(bytes: number | null): string | null {
  if (bytes === null) return null;
  if (bytes < 1024) return `${String(bytes)} bytes`;
  if (bytes < 1024 * 1024) return `${String(Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export { NOT_RECORDED };
