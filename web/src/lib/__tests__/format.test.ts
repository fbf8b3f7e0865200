import { describe, expect, it } from 'vitest';
import { NOT_RECORDED, formatDate, formatDateTime, formatPartialDate, ukDateOf } from '../format';

const UK_DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});
const UK_TIME = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'Europe/London',
});

/** What Intl says the UK date and 24-hour time are, as `formatDateTime` writes them. */
function expectedDateTime(date: Date): string {
  const parts = Object.fromEntries(
    UK_TIME.formatToParts(date).map((part) => [part.type, part.value]),
  );
  const hours = Number(parts.hour);
  return `${UK_DATE.format(date)} at ${String(hours % 12 || 12)}:${parts.minute ?? ''}${hours < 12 ? 'am' : 'pm'}`;
}

describe('formatDate and formatDateTime', () => {
  it('write the NHS style, in UK time', () => {
    expect(formatDate('2021-06-11')).toBe('11 June 2021');
    expect(formatDate('2021-06-11T10:28:00Z')).toBe('11 June 2021');
    expect(formatDateTime('2021-06-11T10:28:00Z')).toBe('11 June 2021 at 11:28am');
    expect(formatDateTime('2021-01-01T00:05:00Z')).toBe('1 January 2021 at 12:05am');
    expect(formatDateTime('2021-06-11T11:05:00Z')).toBe('11 June 2021 at 12:05pm');
    // Late evening UTC in summer is the next day in the UK.
    expect(formatDateTime('2021-06-11T23:30:00Z')).toBe('12 June 2021 at 12:30am');
    expect(formatDate('2021-06-11T23:30:00Z')).toBe('12 June 2021');
    expect(formatDateTime('2021-06-11')).toBe('11 June 2021');
  });

  it('change clocks when the UK does: 01:00 UTC on the last Sundays of March and October', () => {
    expect(formatDateTime('2021-03-28T00:59:00Z')).toBe('28 March 2021 at 12:59am');
    expect(formatDateTime('2021-03-28T01:00:00Z')).toBe('28 March 2021 at 2:00am');
    expect(formatDateTime('2021-10-31T00:59:00Z')).toBe('31 October 2021 at 1:59am');
    expect(formatDateTime('2021-10-31T01:00:00Z')).toBe('31 October 2021 at 1:00am');
  });

  it('agree with Intl for Europe/London from 1996 to 2040, and around every clock change', () => {
    const dates: Date[] = [];
    // Every 3 days 7 hours 13 minutes: every hour of the day and every day of the week come round.
    for (let time = Date.UTC(1996, 0, 1); time < Date.UTC(2041, 0, 1); time += 4753 * 60_000)
      dates.push(new Date(time));
    for (let year = 1996; year <= 2040; year += 1)
      for (const month of [2, 9])
        for (let day = 24; day <= 31; day += 1)
          for (const minute of [59, 60, 61, 119, 120])
            dates.push(new Date(Date.UTC(year, month, day, 0, minute)));

    const disagreements = dates
      .map((date) => ({
        value: date.toISOString(),
        ours: `${formatDate(date.toISOString())} | ${formatDateTime(date.toISOString())}`,
        intl: `${UK_DATE.format(date)} | ${expectedDateTime(date)}`,
      }))
      .filter(({ ours, intl }) => ours !== intl);
    expect(disagreements).toEqual([]);
  });

  it('show a missing value as not recorded and an unparseable one as it came', () => {
    expect(formatDate(null)).toBe(NOT_RECORDED);
    expect(formatDateTime(undefined)).toBe(NOT_RECORDED);
    expect(formatDate('')).toBe(NOT_RECORDED);
    expect(formatDate('next Tuesday')).toBe('next Tuesday');
    expect(formatDateTime('sometime in the afternoon')).toBe('sometime in the afternoon');
  });
});

describe('formatPartialDate', () => {
  it('keeps partial dates as given, without a formatter made at load', () => {
    expect(formatPartialDate('1950')).toBe('1950');
    expect(formatPartialDate('1950-06')).toBe('June 1950');
    expect(formatPartialDate('1950-12')).toBe('December 1950');
    expect(formatPartialDate('1950-06-09')).toBe('9 June 1950');
  });
});

describe('ukDateOf', () => {
  it('is the UK’s date, an hour ahead of UTC in summer', () => {
    expect(ukDateOf(new Date('2024-06-30T23:30:00Z'))).toBe('2024-07-01');
    expect(ukDateOf(new Date('2024-12-31T23:30:00Z'))).toBe('2024-12-31');
    for (const at of ['2024-03-31T00:30:00Z', '2024-10-26T23:30:00Z', '2025-01-01T00:00:00Z']) {
      expect(ukDateOf(new Date(at))).toBe(
        new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(at)),
      );
    }
  });

  it('gives the UK date, as Intl does for Europe/London, around midnight and clock changes', () => {
    const UK_ISO_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });
    const dates: Date[] = [];
    for (let year = 1996; year <= 2040; year += 1)
      for (const month of [0, 2, 5, 9])
        for (const day of [1, 24, 25, 26, 27, 28, 29, 30, 31])
          for (const minute of [-1, 0, 59, 60, 61, 23 * 60 - 1, 23 * 60, 23 * 60 + 1])
            dates.push(new Date(Date.UTC(year, month, day, 0, minute)));
    const disagreements = dates
      .map((date) => ({
        value: date.toISOString(),
        ours: ukDateOf(date),
        intl: UK_ISO_DATE.format(date),
      }))
      .filter(({ ours, intl }) => ours !== intl);
    expect(disagreements).toEqual([]);
  });
});
