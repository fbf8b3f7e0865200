import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SORT,
  referralPathFrom,
  sortFrom,
  worklistFrom,
  worklistPath,
} from '../utils/worklist-url';

const LIST = '/worklists/REFERRALS_FOR_REVIEW';

describe('worklist URLs', () => {
  it('keeps filters and a sort other than the default in the search params', () => {
    expect(worklistPath('REFERRALS_FOR_REVIEW')).toBe(LIST);
    expect(worklistPath('REFERRALS_FOR_REVIEW', {}, DEFAULT_SORT)).toBe(LIST);
    expect(
      worklistPath(
        'REFERRALS_FOR_REVIEW',
        { specialty: 'CARDIOLOGY' },
        { key: 'ubrn', direction: 'descending' },
      ),
    ).toBe(`${LIST}?specialty=CARDIOLOGY&sort=ubrn&order=descending`);
  });

  it('reads the sort, and the default for anything it does not know', () => {
    const sort = (search: string) => sortFrom(new URLSearchParams(search));
    expect(sort('sort=received&order=descending')).toEqual({
      key: 'received',
      direction: 'descending',
    });
    expect(sort('sort=ubrn')).toEqual({ key: 'ubrn', direction: 'ascending' });
    expect(sort('')).toEqual(DEFAULT_SORT);
    expect(sort('sort=nhsNumber')).toEqual(DEFAULT_SORT);
    expect(sort('sort=ubrn&order=sideways')).toEqual(DEFAULT_SORT);
  });

  it('carries the list into a referral URL and reads it back', () => {
    const list = `${LIST}?specialty=CARDIOLOGY&sort=ubrn&order=descending`;
    const referral = new URL(referralPathFrom('000000070001', list), 'https://spa.invalid');
    expect(referral.pathname).toBe('/referrals/000000070001');
    expect(worklistFrom(referral.searchParams.get('from'))).toEqual({
      listType: 'REFERRALS_FOR_REVIEW',
      label: 'Referrals for review',
      path: list,
    });
  });

  it('rebuilds what it honours from the parsed parts, in the canonical order', () => {
    expect(worklistFrom(`${LIST}?order=descending&sort=ubrn&specialty=CARDIOLOGY`)?.path).toBe(
      `${LIST}?specialty=CARDIOLOGY&sort=ubrn&order=descending`,
    );
    // An unknown sort falls back to the default rather than losing the way back.
    expect(worklistFrom(`${LIST}?sort=evil`)?.path).toBe(LIST);
  });

  it.each([
    ['nothing', null],
    ['an empty value', ''],
    ['another origin', 'https://evil.example/worklists/REFERRALS_FOR_REVIEW'],
    ['a protocol-relative URL', '//evil.example/worklists/REFERRALS_FOR_REVIEW'],
    ['a backslash', '/\\evil.example/worklists/REFERRALS_FOR_REVIEW'],
    ['a script URL', 'javascript:alert(1)'],
    ['another page of the SPA', '/referrals/find'],
    ['a page under the list', `${LIST}/extra`],
    ['a list that does not exist', '/worklists/EVERYTHING'],
    ['a list type in lower case', '/worklists/referrals_for_review'],
    ['an encoded list path', '/worklists%2FREFERRALS_FOR_REVIEW'],
    ['a fragment', `${LIST}#top`],
    ['whitespace', `${LIST}?specialty=CARDIO LOGY`],
    ['a search param that is not a filter', `${LIST}?next=https://evil.example`],
    ['a filter the BFF would refuse', `${LIST}?specialty=cardiology`],
    ['a filter on a list that takes none', '/worklists/AWAITING_BOOKING?specialty=CARDIOLOGY'],
  ])('ignores %s', (_, value) => {
    expect(worklistFrom(value)).toBeNull();
  });
});
