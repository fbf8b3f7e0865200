import type { WorklistItem } from '@ers/shared/worklist';

export type SortKey = 'priority' | 'ubrn' | 'received' | 'appointment' | 'specialty';
export type SortDirection = 'ascending' | 'descending';
export type Sort = { key: SortKey; direction: SortDirection };

/** The column's name as the table's caption reads the order out ("sorted by UBRN descending"). */
export function sortLabel(key: SortKey): string {
  return {
    priority: 'priority',
    ubrn: 'UBRN',
    specialty: 'specialty',
    received: 'date received',
    appointment: 'appointment date',
  }[key];
}

/** Most urgent first when ascending: a two week wait before urgent before routine. */
const PRIORITY_RANK: Record<string, number> = { TWO_WEEK_WAIT: 0, URGENT: 1, ROUTINE: 2 };

/** The date an item arrived on the list: when the UBRN was received, else created. */
export function receivedOf(item: WorklistItem): string | null {
  return item.dates.ubrnReceived ?? item.dates.referralCreated ?? item.dates.pathwayStart;
}

export function specialtyOf(item: WorklistItem): string | null {
  return item.specialty?.label ?? item.clinicalContext;
}

function valueOf(item: WorklistItem, key: SortKey): string | number | null {
  switch (key) {
    case 'priority':
      return item.priority ? (PRIORITY_RANK[item.priority.code] ?? 9) : null;
    case 'ubrn':
      return item.ubrn;
    case 'received': {
      const date = receivedOf(item);
      return date ? new Date(date).getTime() : null;
    }
    case 'appointment':
      return item.dates.appointmentStart ? new Date(item.dates.appointmentStart).getTime() : null;
    case 'specialty':
      return specialtyOf(item)?.toLowerCase() ?? null;
  }
}

/** A sorted copy; items without a value go last whichever the direction. Stable on UBRN. */
export function sortItems(
  items: readonly WorklistItem[],
  { key, direction }: Sort,
): WorklistItem[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...items].sort((a, b) => {
    const left = valueOf(a, key);
    const right = valueOf(b, key);
    if (left === null || right === null || left === right) {
      if (left === null && right !== null) return 1;
      if (right === null && left !== null) return -1;
      return a.ubrn.localeCompare(b.ubrn);
    }
    return (left < right ? -1 : 1) * sign;
  });
}
