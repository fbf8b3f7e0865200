import { screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, delay, http } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REFERRAL_STATE_LABELS } from '@ers/shared/referral-state';
import { KNOWN_UBRN, problem } from '@/testing/data';
import { fixtureSummaries } from '@/testing/ers-fixtures';
import { problemResponse, userActingAsHandler } from '@/testing/handlers';
import { renderApp } from '@/testing/render-app';

/** The first render loads the lazy route modules: give it longer than the 1 s default. */
const SLOW = { timeout: 5000 };
import { server } from '@/testing/server';

const heading = (ubrn: string) =>
  screen.findByRole(
    'heading',
    {
      level: 1,
      name: `Referral ${ubrn.replace(/^(\d{4})(\d{4})(\d{4})$/, '$1 $2 $3')}`,
    },
    SLOW,
  );

function valueOf(term: string): HTMLElement {
  const list = document.querySelector('.nhsuk-summary-list');
  if (!(list instanceof HTMLElement)) throw new Error('no summary list');
  const found = within(list)
    .getAllByRole('term')
    .find((each) => each.textContent === term);
  if (!(found?.nextElementSibling instanceof HTMLElement)) throw new Error(`no row ${term}`);
  return found.nextElementSibling;
}

describe('referral summary: clinical content', () => {
  let createObjectURL: ReturnType<typeof vi.fn>;
  let revokeObjectURL: ReturnType<typeof vi.fn>;
  let clicks: HTMLAnchorElement[];

  beforeEach(() => {
    createObjectURL = vi.fn(() => 'blob:http://localhost/file-1');
    revokeObjectURL = vi.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    clicks = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicks.push(this);
    });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the patient banner, without a phone link, and the rows the referral has', async () => {
    renderApp('/referrals/000000070003');
    await heading('000000070003');
    // The patient banner (PDS) carries the NHS number: one text node, one line, no phone link.
    const banner = await screen.findByText(/^991 200 3888/, {
      selector: '.app-patient-banner .nhsuk-u-nowrap',
    });
    expect(banner).toHaveClass('nhsuk-u-nowrap');
    expect(banner).toHaveAttribute('x-apple-data-detectors', 'false');
    expect(document.querySelector('meta[name="format-detection"]')).toHaveAttribute(
      'content',
      'telephone=no',
    );
    expect(valueOf('Status')).toHaveTextContent('Deferred to provider');
    expect(valueOf('Status')).toHaveTextContent('Reason: No slots at service');
    expect(valueOf('Priority')).toHaveTextContent('Urgent');
    expect(valueOf('Appointment')).toBeInTheDocument();
    // The version means nothing to a clinician on screen: it is on the printout only.
    const terms = within(document.querySelector('.nhsuk-summary-list')!)
      .getAllByRole('term')
      .map((term) => term.textContent);
    expect(terms).not.toContain('Version');
  });

  const byState = new Map<string, string>();
  for (const [ubrn, summary] of fixtureSummaries) {
    if (!byState.has(summary.status.code)) byState.set(summary.status.code, ubrn);
  }

  it.each([...byState])('shows the %s state in words (UBRN %s)', async (state, ubrn) => {
    renderApp(`/referrals/${ubrn}`);
    await heading(ubrn);
    const summary = fixtureSummaries.get(ubrn)!;
    expect(valueOf('Status')).toHaveTextContent(
      REFERRAL_STATE_LABELS[state as keyof typeof REFERRAL_STATE_LABELS],
    );
    if (summary.statusReason) {
      expect(valueOf('Status')).toHaveTextContent(`Reason: ${summary.statusReason.label}`);
    }
    if (summary.statusComments) {
      expect(valueOf('Status')).toHaveTextContent(`Comments: ${summary.statusComments}`);
    }
  });

  it('covers every referral state the fixtures have', () => {
    expect(byState.size).toBe(Object.keys(REFERRAL_STATE_LABELS).length);
  });

  it('links related referrals', async () => {
    renderApp('/referrals/000000070005');
    await heading('000000070005');
    expect(screen.getByRole('link', { name: 'Referral 0000 0007 0004' })).toHaveAttribute(
      'href',
      '/referrals/000000070004',
    );
  });

  it.each([
    ['PENDING', 'referralletter1.pdf', 'Being checked', /still being checked for viruses/],
    ['THREATS_FOUND', 'referralletter2.png', 'Quarantined', /quarantined/],
    ['VALIDATION_FAILED', 'referralletter3.doc', 'Failed checks', /failed e-RS checks/],
  ])('an attachment %s cannot be opened and says why', async (_code, title, label, reason) => {
    renderApp('/referrals/000000070012');
    await heading('000000070012');
    const row = screen.getByText(title, { exact: false }).closest('tr')!;
    expect(within(row).queryByRole('button')).not.toBeInTheDocument();
    expect(within(row).getByText(label)).toBeInTheDocument();
    expect(within(row).getByText(reason)).toBeInTheDocument();
  });

  it('opens an AVAILABLE PDF attachment in a new tab from an in-memory object URL', async () => {
    let csrf: string | null = null;
    server.use(
      http.get('/api/referrals/:ubrn/attachments/:id', ({ request }) => {
        csrf = request.headers.get('X-CSRF');
        return new HttpResponse('%PDF-1.4', { headers: { 'Content-Type': 'application/pdf' } });
      }),
    );
    const { user } = renderApp('/referrals/000000070001');
    await heading('000000070001');
    await user.click(screen.getByRole('button', { name: /referralletter\.pdf/ }));

    await waitFor(() => {
      expect(clicks).toHaveLength(1);
    });
    expect(csrf).toBe('1');
    const blob = createObjectURL.mock.calls[0]?.[0] as Blob;
    expect(blob.type).toBe('application/pdf');
    expect(clicks[0]).toHaveAttribute('href', 'blob:http://localhost/file-1');
    expect(clicks[0]).toHaveAttribute('target', '_blank');
    expect(clicks[0]?.rel).toContain('noopener');
    expect(clicks[0]).not.toHaveAttribute('download');
    // Nothing is kept in browser storage.
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
  });

  it('downloads an attachment that is not a PDF and revokes its URL afterwards', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { user } = renderApp('/referrals/000000070004');
    await heading('000000070004');
    await user.click(screen.getByRole('button', { name: /^triage\.png/ }));
    await waitFor(() => {
      expect(clicks).toHaveLength(1);
    });
    expect(clicks[0]).toHaveAttribute('download', 'triage.png');
    expect(clicks[0]).not.toHaveAttribute('target');
    expect(revokeObjectURL).not.toHaveBeenCalled();
    vi.advanceTimersByTime(60_000);
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:http://localhost/file-1');
  });

  it('opens the clinical information PDF', async () => {
    const requested = vi.fn();
    server.use(
      http.get('/api/referrals/:ubrn/clinical-information', ({ params }) => {
        requested(params.ubrn);
        return new HttpResponse('%PDF-1.4', { headers: { 'Content-Type': 'application/pdf' } });
      }),
    );
    const { user } = renderApp('/referrals/000000070001');
    await heading('000000070001');
    await user.click(screen.getByRole('button', { name: /Clinical information \(PDF\)/ }));
    await waitFor(() => {
      expect(clicks).toHaveLength(1);
    });
    expect(requested).toHaveBeenCalledWith('000000070001');
    expect(clicks[0]).toHaveAttribute('target', '_blank');
  });

  it('says why a file could not be opened, with the ids for support', async () => {
    server.use(
      http.get('/api/referrals/:ubrn/attachments/:id', () =>
        problemResponse(
          problem({
            status: 422,
            code: 'attachment_unavailable',
            detail: 'This file is still being checked for viruses. Try again in 5 minutes.',
            correlationId: 'corr-file',
            ersRequestId: 'ers-file',
          }),
        ),
      ),
    );
    const { user } = renderApp('/referrals/000000070001');
    await heading('000000070001');
    await user.click(screen.getByRole('button', { name: /referralletter\.pdf/ }));
    const alert = await screen.findByRole('alert', undefined, SLOW);
    expect(alert).toHaveTextContent('This attachment cannot be opened');
    expect(alert).toHaveTextContent('still being checked for viruses');
    expect(alert).toHaveTextContent('Correlation ID: corr-file');
    expect(alert).toHaveTextContent('e-RS request ID: ers-file');
    expect(clicks).toHaveLength(0);
  });

  it('names the organisation that attached each file, whom an unavailable file says to contact', async () => {
    // Not KNOWN_UBRN: the handlers answer it with a summary of their own, without attachments.
    const [ubrn, summary] = [...fixtureSummaries].find(
      ([each, { attachments }]) =>
        each !== KNOWN_UBRN && attachments?.some((attachment) => attachment.attachedByOdsCode),
    )!;
    renderApp(`/referrals/${ubrn}`);
    await heading(ubrn);
    const table = await screen.findByRole('table', { name: 'Attachments' }, SLOW);
    for (const attachment of summary.attachments!) {
      const row = within(table)
        .getAllByRole('row')
        .find((each) => each.textContent?.includes(attachment.title))!;
      if (attachment.attachedByOdsCode) {
        expect(row).toHaveTextContent(`by ${attachment.attachedByOdsCode}`);
      }
    }
  });

  it('shows no clinical content to an admin business function', async () => {
    server.use(userActingAsHandler({ odsCode: 'R69', businessFunction: 'SERVICE_PROVIDER_ADMIN' }));
    renderApp('/referrals/000000070001');
    await heading('000000070001');
    expect(
      screen.getByText(
        'Clinical information and attachments are not shown in the role you are working in.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /PDF|referralletter/ })).not.toBeInTheDocument();
  });

  it('says "Loading…" while the referral loads', async () => {
    server.use(
      http.get('/api/referrals/:ubrn', async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const { router } = renderApp('/referrals/find');
    await screen.findByRole('heading', { level: 1, name: 'Find a referral' }, SLOW);
    void router.navigate('/referrals/000000070001');
    await waitFor(() => {
      expect(router.state.navigation.state).toBe('loading');
    });
  });
});

describe('referral summary: problems', () => {
  it.each([
    ['no_relationship', 403, 'You cannot view this referral', false],
    ['no_access', 403, 'You do not have access to this referral', false],
    ['referral_not_found', 404, 'Referral not found', false],
    ['referral_unprocessable', 422, 'The e-Referral Service could not show this referral', false],
    ['service_busy', 503, 'The e-Referral Service is busy', true],
    ['upstream_timeout', 504, 'The e-Referral Service took too long to answer', true],
    ['upstream_unavailable', 502, 'The e-Referral Service is not available', true],
    ['internal_error', 500, 'Sorry, there is a problem with the service', false],
  ] as const)('%s: "%s"', async (code, status, title, retry) => {
    server.use(
      http.get('/api/referrals/:ubrn', () =>
        problemResponse(
          problem({
            status,
            code,
            detail: `Detail for ${code}.`,
            correlationId: `corr-${code}`,
            ersRequestId: `ers-${code}`,
            ...(code === 'service_busy' ? { retryAfterSeconds: 30 } : {}),
          }),
        ),
      ),
    );
    renderApp('/referrals/000000070001');
    await screen.findByRole('heading', { level: 1, name: title }, SLOW);
    // Not found: the page words what was searched itself (see referral.test.tsx).
    if (code !== 'referral_not_found') {
      expect(screen.getByText(`Detail for ${code}.`)).toBeInTheDocument();
    }
    expect(screen.getByText(`Correlation ID: corr-${code}`)).toBeInTheDocument();
    expect(screen.getByText(`e-RS request ID: ers-${code}`)).toBeInTheDocument();
    if (code === 'service_busy') expect(screen.getByText('Try again in 30 seconds.')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Try again' }) !== null).toBe(retry);
  });

  it('"Try again" asks again and shows the referral once the service answers', async () => {
    let calls = 0;
    server.use(
      http.get('/api/referrals/:ubrn', () => {
        calls += 1;
        return calls === 1
          ? problemResponse(problem({ status: 503, code: 'service_busy', retryAfterSeconds: 1 }))
          : HttpResponse.json(fixtureSummaries.get('000000070001'));
      }),
    );
    const { user } = renderApp('/referrals/000000070001');
    await screen.findByRole('heading', { level: 1, name: 'The e-Referral Service is busy' }, SLOW);
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await heading('000000070001');
  });

  it('sends a clinician admin who has not chosen a clinician to choose one', async () => {
    server.use(
      http.get('/api/referrals/:ubrn', () =>
        problemResponse(problem({ status: 403, code: 'on_behalf_of_required' })),
      ),
    );
    const { router } = renderApp('/referrals/000000070001');
    await screen.findByRole('heading', { level: 1, name: 'Choose how you are working' }, SLOW);
    expect(router.state.location.pathname).toBe('/choose-context');
    expect(router.state.location.search).toBe('?returnTo=%2Freferrals%2F000000070001');
  });
});
