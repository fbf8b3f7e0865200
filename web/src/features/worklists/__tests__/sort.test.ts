import { describe, expect, it } from 'vitest';
import { worklistOf } from '@/testing/ers-fixtures';
import { sortItems } from '../components/sort';

describe('sortItems', () => {
  const items = worklistOf('AWAITING_BOOKING').items;

  it('puts the most urgent first, ascending', () => {
    expect(
      sortItems(items, { key: 'priority', direction: 'ascending' }).map(
        (item) => item.priority?.code,
      ),
    ).toEqual(['URGENT', 'URGENT', 'ROUTINE', 'ROUTINE']);
  });

  it('keeps items without a value last whichever the direction', () => {
    const withGap = items.map((item, index) =>
      index === 0 ? { ...item, dates: { ...item.dates, appointmentStart: null } } : item,
    );
    for (const direction of ['ascending', 'descending'] as const) {
      const sorted = sortItems(withGap, { key: 'appointment', direction });
      expect(sorted.at(-1)?.dates.appointmentStart ?? null).toBeNull();
    }
  });

  it('does not change the list it was given', () => {
    const before = items.map((item) => item.ubrn);
    sortItems(items, { key: 'ubrn', direction: 'descending' });
    expect(items.map((item) => item.ubrn)).toEqual(before);
  });
});
