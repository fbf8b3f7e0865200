import { screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiPaths } from '@ers/shared/bff-contract';
import { userActingAsHandler } from '@/testing/handlers';
import { renderApp } from '@/testing/render-app';
import { server } from '@/testing/server';

/** The first render loads the lazy route modules: give it longer than the 1 s default. */
const SLOW = { timeout: 5000 };

/** The UBRN column's values, after the label its card shows at narrow widths. */
const ubrnColumn = () =>
  within(screen.getByRole('table'))
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell')[1]?.lastElementChild?.textContent);

describe('Advice and Guidance', () => {
  let clicks: HTMLAnchorElement[];
  beforeEach(() => {
    Object.assign(URL, {
      createObjectURL: vi.fn(() => 'blob:http://localhost/overview'),
      revokeObjectURL: vi.fn(),
    });
    clicks = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicks.push(this);
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('is a place in the header for a provider, and lists the requests, most urgent first', async () => {
    const { user, router } = renderApp('/referrals/find');
    await screen.findByRole('heading', { level: 1, name: 'Find a referral' }, SLOW);
    const menu = within(screen.getByRole('navigation', { name: 'Menu' }));
    await user.click(menu.getByRole('link', { name: 'Advice and Guidance' }));
    await screen.findByRole('heading', { level: 1, name: 'Advice and Guidance' }, SLOW);
    expect(router.state.location.pathname).toBe('/advice-and-guidance');
    expect(menu.getByRole('link', { name: 'Advice and Guidance' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    // The two-week-wait request first, then the others oldest first (two asked at one time).
    expect(ubrnColumn()).toEqual([
      '0000 0009 0002',
      '0000 0009 0000',
      '0000 0009 0001',
      '0000 0009 0004',
    ]);
    const table = screen.getByRole('table');
    const link = within(table).getByRole('link', { name: '0000 0009 0002' });
    expect(link).toHaveAttribute('href', '/advice-and-guidance/000000090002');
    expect(link.closest('td')).toHaveClass('app-worklist__nowrap');
    expect(within(table).getByText('946 297 9626')).toHaveClass('app-worklist__nhs-number');
    expect(within(table).getByText('Waiting for more information from referrer')).toBeVisible();
    expect(within(table).getAllByText('23 September 2021').length).toBeGreaterThan(0);
  });

  it('names each request’s patient from PDS under the NHS number, asking the BFF by UBRN only', async () => {
    const asked: string[] = [];
    server.events.on('request:start', ({ request }) => {
      const url = new URL(request.url);
      if (url.pathname === apiPaths.adviceWorklistPatients) asked.push(url.search);
    });
    renderApp('/advice-and-guidance');
    await screen.findByRole('heading', { level: 1, name: 'Advice and Guidance' }, SLOW);
    const table = screen.getByRole('table');
    expect(within(table).getByRole('columnheader', { name: 'Patient' })).toBeInTheDocument();
    expect(within(table).queryByRole('columnheader', { name: 'NHS number' })).toBeNull();
    // Three of the four requests are Jane Smith's; the fourth's record is restricted (R).
    await waitFor(() => expect(within(table).getAllByText('SMITH, Jane (Mrs)')).toHaveLength(3));
    const restricted = within(table).getByText('946 297 9626').closest('td')!;
    expect(restricted.textContent).toMatch(/946 297 9626.+Born /);
    expect(asked).toEqual([
      '?ubrn=000000090002&ubrn=000000090000&ubrn=000000090001&ubrn=000000090004',
    ]);
    server.events.removeAllListeners();
  });

  it('is no place for a referrer: e-RS has no A&G worklist for referring organisations', async () => {
    server.use(userActingAsHandler({ odsCode: 'D82106', businessFunction: 'REFERRING_CLINICIAN' }));
    const asked = vi.fn();
    server.events.on('request:start', ({ request }) => {
      if (new URL(request.url).pathname === apiPaths.adviceWorklist) asked();
    });
    renderApp('/advice-and-guidance');
    expect(
      await screen.findByText(/Advice and Guidance worklist is for service providers/, {}, SLOW),
    ).toBeVisible();
    const menu = within(screen.getByRole('navigation', { name: 'Menu' }));
    expect(menu.queryByRole('link', { name: 'Advice and Guidance' })).not.toBeInTheDocument();
    expect(asked).not.toHaveBeenCalled();
    server.events.removeAllListeners();
  });

  it('shows a service provider admin the list without links: e-RS lets only clinicians read a request', async () => {
    server.use(userActingAsHandler({ odsCode: 'RCD', businessFunction: 'SERVICE_PROVIDER_ADMIN' }));
    renderApp('/advice-and-guidance');
    await screen.findByRole('table', undefined, SLOW);
    expect(within(screen.getByRole('table')).queryAllByRole('link')).toEqual([]);
    expect(screen.getByText(/cannot be opened in the role you are working in/)).toBeVisible();
  });

  it('shows a request with its conversation in the order written, who wrote each and when', async () => {
    renderApp('/advice-and-guidance/000000090002');
    await screen.findByRole(
      'heading',
      { level: 1, name: 'Advice and Guidance request 0000 0009 0002' },
      SLOW,
    );
    expect(screen.getByRole('link', { name: 'Back to Advice and Guidance' })).toHaveAttribute(
      'href',
      '/advice-and-guidance',
    );
    expect(screen.getByText('2 week wait')).toBeVisible();
    expect(
      screen.getByText('NHS user ID 1032 6499 2985, referring clinician at R69'),
    ).toBeVisible();
    const messages = within(
      await screen.findByRole('list', { name: 'Messages, oldest first' }, SLOW),
    ).getAllByRole('listitem', { name: '' });
    const headings = screen
      .getAllByRole('heading', { level: 3 })
      .map((heading) => heading.textContent);
    expect(headings).toEqual([
      'Referrer, 23 September 2021 at 3:43pm',
      'Referrer, 23 September 2021 at 4:15pm',
      'Provider, 24 September 2021 at 5:21pm',
      'Provider, 24 September 2021 at 5:21pm',
    ]);
    expect(messages.length).toBeGreaterThanOrEqual(4);
    expect(screen.getByText('Patient is complaining of breathing difficulties')).toBeVisible();
    // The request's own attachments, each with whether it can be opened.
    expect(screen.getByText('upload2.png')).toBeVisible();
    expect(screen.getByText('Quarantined')).toBeVisible();
  });

  it('opens a message’s file from the message, and offers none that e-RS cannot serve', async () => {
    const { user } = renderApp('/advice-and-guidance/000000090001');
    const list = await screen.findByRole('list', { name: 'Messages, oldest first' }, SLOW);
    await user.click(within(list).getByRole('button', { name: /testResultsA\.pdf/ }));
    await waitFor(() => {
      expect(clicks).toHaveLength(1);
    });
    expect(clicks[0]).toHaveAttribute('target', '_blank');
    expect(within(list).getByRole('button', { name: /testXXXInfo\.pdf/ })).toBeVisible();
  });

  it('shows files e-RS cannot serve as text, with why', async () => {
    renderApp('/advice-and-guidance/000000090004');
    const list = await screen.findByRole('list', { name: 'Messages, oldest first' }, SLOW);
    expect(within(list).queryAllByRole('button')).toEqual([]);
    expect(within(list).getByText('testResultsA.pdf')).toBeVisible();
    expect(within(list).getByText(/still being checked for viruses/)).toBeVisible();
    // The reason says to contact the organisation that attached it: the line names it.
    expect(within(list).getAllByText(/, attached .+ by [A-Z0-9]{3,}$/).length).toBeGreaterThan(0);
  });

  it('opens the overview PDF from the request', async () => {
    const { user } = renderApp('/advice-and-guidance/000000090000');
    await user.click(
      await screen.findByRole('button', { name: /Advice and Guidance overview \(PDF\)/ }, SLOW),
    );
    await waitFor(() => {
      expect(clicks).toHaveLength(1);
    });
    expect(clicks[0]).toHaveAttribute('target', '_blank');
  });

  it('says the request changed when its conversation is no longer at the version shown', async () => {
    server.use(
      http.get('/api/advice-and-guidance/:ubrn/versions/:version/conversation', () =>
        HttpResponse.json(
          {
            type: 'about:blank',
            title: 'Not found',
            status: 404,
            code: 'version_not_current',
            detail:
              'This Advice and Guidance request has changed since you opened it. Open it again to see the latest.',
          },
          { status: 404, headers: { 'Content-Type': 'application/problem+json' } },
        ),
      ),
    );
    renderApp('/advice-and-guidance/000000090000');
    expect(await screen.findByText(/has changed since you opened it/, {}, SLOW)).toBeVisible();
  });
});
