import { screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, delay, http } from 'msw';
import { describe, expect, it } from 'vitest';
import type { WorklistPatient } from '@ers/shared/worklist-patients';
import { problem } from '@/testing/data';
import { worklistOf } from '@/testing/ers-fixtures';
import { problemResponse } from '@/testing/handlers';
import { renderApp } from '@/testing/render-app';
import { server } from '@/testing/server';

/** The first render loads the lazy route modules: give it longer than the 1 s default. */
const SLOW = { timeout: 5000 };

/**
 * What PDS added to each row's Patient cell: the cell's value (after its card label) without the
 * NHS number, which comes first, from e-RS.
 */
const patientColumn = () =>
  within(screen.getByRole('table'))
    .getAllByRole('row')
    .slice(1)
    .map((row) =>
      Array.from(within(row).getAllByRole('cell')[2]?.lastElementChild?.children ?? [])
        .slice(2)
        .map((element) => element.textContent)
        .join(''),
    );

const ubrnOf = (index: number) => `00000009${String(index).padStart(4, '0')}`;

/** A list of `count` rows, each of the fixture's first patient under a UBRN of its own. */
function longList(count: number) {
  const list = worklistOf('REFERRALS_FOR_REVIEW');
  const [first] = list.items;
  return {
    ...list,
    items: Array.from({ length: count }, (_, index) => ({ ...first!, ubrn: ubrnOf(index) })),
    counts: { ...list.counts, total: count },
  };
}

const found = (ubrn: string, family: string): Extract<WorklistPatient, { status: 'found' }> => ({
  status: 'found',
  ubrn,
  name: { prefix: [], given: ['Ann'], family, suffix: [] },
  birthDate: '1970-03-04',
  restricted: false,
  currentNhsNumber: null,
});

describe('patients in worklist rows', () => {
  it('shows the list at once, then each row’s name and date of birth from PDS', async () => {
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    server.use(
      http.get('/api/worklists/:listType/patients', async ({ request }) => {
        await answered;
        const ubrns = new URL(request.url).searchParams.getAll('ubrn');
        return HttpResponse.json({ patients: ubrns.map((ubrn) => found(ubrn, 'Jones')) });
      }),
    );
    renderApp('/worklists/REFERRALS_FOR_REVIEW');
    await screen.findByRole('table', undefined, SLOW);
    // The rows are there, identified by NHS number, before PDS has answered.
    expect(within(screen.getByRole('table')).getAllByText('991 200 3888').length).toBeGreaterThan(
      0,
    );
    expect(patientColumn().every((text) => text === '')).toBe(true);
    answer();
    await waitFor(() => expect(patientColumn()[0]).toBe('JONES, AnnBorn 4 March 1970'), SLOW);
    expect(screen.getAllByText('JONES, Ann')[0]).toHaveClass('app-worklist__name');
  });

  it('asks five rows at a time, one request after another, by UBRN only', async () => {
    server.use(http.get('/api/worklists/:listType', () => HttpResponse.json(longList(12))));
    const asked: string[][] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    server.use(
      http.get('/api/worklists/:listType/patients', async ({ request }) => {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        const url = new URL(request.url);
        asked.push([...url.searchParams.keys()]);
        const ubrns = url.searchParams.getAll('ubrn');
        await delay(20);
        inFlight -= 1;
        return HttpResponse.json({ patients: ubrns.map((ubrn) => found(ubrn, 'Jones')) });
      }),
    );
    renderApp('/worklists/REFERRALS_FOR_REVIEW');
    await screen.findByRole('table', undefined, SLOW);
    await waitFor(
      () => expect(patientColumn().filter((text) => text !== '')).toHaveLength(12),
      SLOW,
    );
    expect(asked.map((keys) => keys.length)).toEqual([5, 5, 2]);
    expect(asked.flat().every((key) => key === 'ubrn')).toBe(true);
    expect(mostInFlight).toBe(1);
  });

  it('says in a few plain words why a row has no name, and nothing where that is no news', async () => {
    const rows: WorklistPatient[] = [
      { ...found(ubrnOf(0), 'Restricted'), restricted: true },
      { ...found(ubrnOf(1), 'Smith'), currentNhsNumber: '9462979626' },
      { status: 'not_shown', ubrn: ubrnOf(2), reason: 'restricted' },
      { status: 'not_shown', ubrn: ubrnOf(3), reason: 'not_found' },
      { status: 'not_shown', ubrn: ubrnOf(4), reason: 'unavailable' },
      { status: 'not_shown', ubrn: ubrnOf(5), reason: 'invalid_nhs_number' },
      { status: 'not_shown', ubrn: ubrnOf(6), reason: 'not_configured' },
    ];
    server.use(
      http.get('/api/worklists/:listType', () => HttpResponse.json(longList(rows.length))),
      http.get('/api/worklists/:listType/patients', ({ request }) => {
        const ubrns = new URL(request.url).searchParams.getAll('ubrn');
        return HttpResponse.json({ patients: rows.filter((row) => ubrns.includes(row.ubrn)) });
      }),
    );
    renderApp('/worklists/REFERRALS_FOR_REVIEW');
    await screen.findByRole('table', undefined, SLOW);
    await waitFor(() => expect(patientColumn()[5]).not.toBe(''), SLOW);
    expect(patientColumn()).toEqual([
      'RESTRICTED, AnnBorn 4 March 1970',
      'SMITH, AnnBorn 4 March 1970NHS number now 946 297 9626',
      'Restricted record',
      'No PDS record',
      'Name not available just now',
      'NHS number not valid',
      '',
    ]);
  });

  it('keeps the list whole, with its NHS numbers, when the patients cannot be had at all', async () => {
    let asks = 0;
    server.use(
      http.get('/api/worklists/:listType/patients', () => {
        asks += 1;
        return problemResponse(
          problem({ status: 503, code: 'service_busy', detail: 'PDS is busy.' }),
        );
      }),
    );
    renderApp('/worklists/REFERRALS_FOR_REVIEW');
    const table = await screen.findByRole('table', undefined, SLOW);
    await waitFor(() => expect(asks).toBe(1), SLOW);
    expect(within(table).getAllByText('991 200 3888').length).toBeGreaterThan(0);
    expect(patientColumn().every((text) => text === '')).toBe(true);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.queryByText(/problem|error|busy/i)).not.toBeInTheDocument();
  });
});
