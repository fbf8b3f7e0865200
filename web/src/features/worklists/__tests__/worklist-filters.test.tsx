import { screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { WorklistTypeSchema } from '@ers/shared/worklist';
import { worklistOf } from '@/testing/ers-fixtures';
import { renderApp } from '@/testing/render-app';
import { server } from '@/testing/server';

/** The first render loads the lazy route modules: give it longer than the 1 s default. */
const SLOW = { timeout: 5000 };

/** Worklists whose items are CARDIOLOGY unless asked for another specialty; records the asks. */
function filteringWorklists() {
  const asked: string[] = [];
  server.use(
    http.get('/api/worklists/:listType', ({ request, params }) => {
      const url = new URL(request.url);
      asked.push(`${String(params.listType)}${url.search}`);
      const listType = WorklistTypeSchema.parse(params.listType);
      const specialty = url.searchParams.get('specialty');
      return HttpResponse.json(
        specialty && specialty !== 'CARDIOLOGY' ? worklistOf(listType, []) : worklistOf(listType),
      );
    }),
  );
  return asked;
}

const rows = () => within(screen.getByRole('table')).getAllByRole('row').length - 1;

describe('worklist filters', () => {
  it('filters by specialty through the URL, and Back and "Clear filters" undo it', async () => {
    const asked = filteringWorklists();
    const { user, router } = renderApp('/worklists/REFERRALS_FOR_REVIEW');
    await screen.findByRole('table', undefined, SLOW);
    const form = await screen.findByRole('search', { name: 'Filter the worklist' }, SLOW);
    const select = within(form).getByRole('combobox', { name: 'Specialty' });
    expect(
      within(select)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['All specialties', 'Allergy', 'Cardiology', 'Gastroenterology']);
    expect(within(form).queryByRole('link', { name: 'Clear filters' })).not.toBeInTheDocument();
    const unfiltered = rows();

    await user.selectOptions(select, 'CARDIOLOGY');
    await user.click(within(form).getByRole('button', { name: 'Apply filters' }));
    await screen.findByRole('link', { name: 'Clear filters' }, SLOW);
    expect(router.state.location.search).toBe('?specialty=CARDIOLOGY');
    expect(asked).toContain('REFERRALS_FOR_REVIEW?specialty=CARDIOLOGY');
    expect(rows()).toBe(unfiltered);
    expect(screen.getByRole('combobox', { name: 'Specialty' })).toHaveValue('CARDIOLOGY');
    // The count beside the list stays the unfiltered one.
    const nav = screen.getByRole('navigation', { name: 'Worklists' });
    expect(
      within(nav).getByRole('link', { name: `Referrals for review (${unfiltered})` }),
    ).toBeInTheDocument();

    await router.navigate(-1);
    expect(router.state.location.search).toBe('');
    await waitFor(
      () => expect(screen.getByRole('combobox', { name: 'Specialty' })).toHaveValue(''),
      SLOW,
    );
    expect(screen.queryByRole('link', { name: 'Clear filters' })).not.toBeInTheDocument();

    await router.navigate('/worklists/REFERRALS_FOR_REVIEW?specialty=CARDIOLOGY');
    await user.click(await screen.findByRole('link', { name: 'Clear filters' }, SLOW));
    expect(router.state.location.search).toBe('');
    await waitFor(
      () => expect(screen.getByRole('combobox', { name: 'Specialty' })).toHaveValue(''),
      SLOW,
    );
  });

  it('says when no referrals match the filters, and prefetches with them in the URL', async () => {
    const asked = filteringWorklists();
    renderApp('/worklists/APPOINTMENT_SLOT_ISSUES?specialty=ALLERGY');
    expect(
      await screen.findByText(
        'No referrals in appointment slot issues match these filters.',
        undefined,
        SLOW,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(asked).toContain('APPOINTMENT_SLOT_ISSUES?specialty=ALLERGY');
    expect(screen.getByRole('combobox', { name: 'Specialty' })).toHaveValue('ALLERGY');
    expect(screen.getByRole('link', { name: 'Clear filters' })).toHaveAttribute(
      'href',
      '/worklists/APPOINTMENT_SLOT_ISSUES',
    );
  });

  it('sends no filter the BFF would refuse', async () => {
    const asked = filteringWorklists();
    renderApp('/worklists/REFERRALS_FOR_REVIEW?specialty=not%20a%20code');
    await screen.findByRole('table', undefined, SLOW);
    expect(asked).toContain('REFERRALS_FOR_REVIEW');
    expect(asked.some((each) => each.includes('?'))).toBe(false);
  });
});
