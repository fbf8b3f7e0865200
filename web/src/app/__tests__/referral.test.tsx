import { screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { problem, referenceData } from '@/testing/data';
import { problemResponse, signedOutUserHandler } from '@/testing/handlers';
import { renderApp } from '@/testing/render-app';
import { server } from '@/testing/server';

function summaryRows() {
  const list = document.querySelector('.nhsuk-summary-list');
  if (!(list instanceof HTMLElement)) throw new Error('no summary list');
  return within(list)
    .getAllByRole('term')
    .map((term) => [term.textContent, term.nextElementSibling?.textContent]);
}

describe('referral summary page', () => {
  it('shows each row of the summary', async () => {
    renderApp('/referrals/000000070000');
    await screen.findByRole('heading', { level: 1, name: 'Referral 0000 0007 0000' });

    expect(summaryRows()).toEqual([
      ['UBRN', '0000 0007 0000'],
      ['Status', 'Not booked'],
      ['Priority', 'Routine'],
      ['Specialty', 'Cardiology'],
      ['NHS number', '991 200 3888'],
      ['Services', 'Good Cardiology Business Service'],
      ['Clinical information first submitted', '11 June 2021'],
    ]);
    expect(screen.getByText('991 200 3888')).toHaveClass('nhsuk-u-nowrap');
    expect(screen.getByRole('link', { name: 'Find another referral' })).toHaveAttribute(
      'href',
      '/referrals/find',
    );
  });

  it("puts the patient's additional requirements above the record, in a warning card (the spec's example 000000070011)", async () => {
    renderApp('/referrals/000000070011');
    await screen.findByRole('heading', { level: 1, name: 'Referral 0000 0007 0011' });
    const card = screen
      .getByRole('heading', { level: 2, name: /Patient's additional requirements/ })
      .closest('.nhsuk-card');
    expect(card).toHaveClass('nhsuk-card--warning');
    expect(
      within(card as HTMLElement)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Advocacy', 'Interpreter', 'Transport']);
    // Before the summary list, so it is read before anything is acted on.
    const list = document.querySelector('.nhsuk-summary-list')!;
    expect(card!.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('shows no requirements card for a referral without requirements', async () => {
    renderApp('/referrals/000000070000');
    await screen.findByRole('heading', { level: 1, name: 'Referral 0000 0007 0000' });
    expect(document.querySelector('.nhsuk-card--warning')).toBeNull();
    expect(screen.queryByText(/additional requirements/i)).toBeNull();
  });

  it('shows codes by their A004 display names, and the label e-RS gave when A004 has none', async () => {
    server.use(
      http.get('/api/reference-data/:codeSystem', ({ params }) =>
        HttpResponse.json(
          params.codeSystem === 'CLINIC-TYPE'
            ? referenceData('CLINIC-TYPE', [['HEART_FAILURE', 'Heart Failure Clinic']])
            : referenceData('SPECIALTY', [['CARDIOLOGY', 'Cardiology and Vascular Medicine']]),
        ),
      ),
    );
    renderApp('/referrals/000000070011');
    await screen.findByRole('heading', { level: 1, name: 'Referral 0000 0007 0011' });
    await waitFor(() => {
      expect(summaryRows()).toContainEqual(['Specialty', 'Cardiology and Vascular Medicine']);
    });
    expect(summaryRows()).toContainEqual(['Clinic type', 'Heart Failure Clinic']);
  });

  it('shows the referral without waiting for A004', async () => {
    let answer: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    server.use(
      http.get('/api/reference-data/:codeSystem', async () => {
        await answered;
        return HttpResponse.json(
          referenceData('CLINIC-TYPE', [['HEART_FAILURE', 'Heart Failure Clinic']]),
        );
      }),
    );
    renderApp('/referrals/000000070011');
    await screen.findByRole('heading', { level: 1, name: 'Referral 0000 0007 0011' });
    expect(summaryRows()).toContainEqual(['Clinic type', 'Heart failure']);
    answer();
  });

  it("shows e-RS's own labels when A004 cannot answer", async () => {
    server.use(
      http.get('/api/reference-data/:codeSystem', () =>
        problemResponse(problem({ status: 503, code: 'service_busy' })),
      ),
    );
    renderApp('/referrals/000000070011');
    await screen.findByRole('heading', { level: 1, name: 'Referral 0000 0007 0011' });
    expect(summaryRows()).toContainEqual(['Specialty', 'Cardiology']);
    expect(summaryRows()).toContainEqual(['Clinic type', 'Heart failure']);
  });

  it("shows the appointment's comment above the record, and its reason with the appointment (the spec's example 000000070003)", async () => {
    renderApp('/referrals/000000070003');
    await screen.findByRole('heading', { level: 1, name: 'Referral 0000 0007 0003' });
    const appointment = summaryRows().find(([term]) => term === 'Appointment')?.[1];
    expect(appointment).toContain('Reason: No slots at service');
    const comment = screen
      .getByRole('heading', { level: 2, name: 'Appointment comment' })
      .closest('.nhsuk-inset-text');
    expect(comment).toHaveTextContent('Yes!');
  });

  it('prints who printed it, for which organisation, when, and the version; not on screen', async () => {
    renderApp('/referrals/000000070000');
    await screen.findByRole('heading', { level: 1, name: 'Referral 0000 0007 0000' });
    const printed = screen.getByText(/^Printed on /);
    expect(printed.textContent).toMatch(
      /^Printed on \d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}:\d{2}(am|pm) by Dr Alex Example, Royal Example Hospital \(R69\)$/,
    );
    expect(printed.closest('.app-print-only')).not.toBeNull();
    expect(screen.getByText('Referral version 5').closest('.app-print-only')).not.toBeNull();
  });

  it("shows the appointment's allocated clinician (the spec's example 000000070001)", async () => {
    renderApp('/referrals/000000070001');
    await screen.findByRole('heading', { level: 1, name: 'Referral 0000 0007 0001' });
    const appointment = summaryRows().find(([term]) => term === 'Appointment')?.[1];
    expect(appointment).toContain('Allocated clinician (SDS user ID): 021600556514');
  });

  it('says which UBRN found nothing and offers the search again, filled in', async () => {
    const { user, router } = renderApp('/referrals/000000099999');
    await screen.findByRole('heading', { level: 1, name: 'Referral not found' });
    expect(screen.getByText(/^No referral found for UBRN/)).toHaveTextContent(
      'No referral found for UBRN 0000 0009 9999.',
    );
    const field = screen.getByRole('textbox', { name: 'UBRN' });
    expect(field).toHaveValue('0000 0009 9999');
    // Still inside the signed-in layout.
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeInTheDocument();

    await user.clear(field);
    await user.type(field, '0000 0007 0000');
    await user.click(screen.getByRole('button', { name: 'Find referral' }));
    await screen.findByRole('heading', { level: 1, name: 'Referral 0000 0007 0000' });
    expect(router.state.location.pathname).toBe('/referrals/000000070000');
  });

  it('keeps the ids support asks for in a collapsed "Information for support"', async () => {
    renderApp('/referrals/000000099999');
    await screen.findByRole('heading', { level: 1, name: 'Referral not found' });
    const details = screen.getByText('Information for support').closest('details');
    expect(details).not.toHaveAttribute('open');
    expect(details).toHaveClass('nhsuk-details');
    expect(
      within(details!).getByText('Correlation ID: c0ffee00-1234-4abc-8def-000000000404'),
    ).toBeInTheDocument();
    expect(within(details!).getByText('e-RS request ID: ers-req-404')).toBeInTheDocument();
    // Once: nowhere else on the page.
    expect(screen.getAllByText(/c0ffee00-1234-4abc-8def-000000000404/)).toHaveLength(1);
  });

  it('repeats an address that is not a UBRN, with the search again', async () => {
    renderApp('/referrals/12345');
    await screen.findByRole('heading', { level: 1, name: 'Check the UBRN' });
    expect(screen.getByText(/^You searched for/)).toHaveTextContent(/You searched for “12345”\./);
    expect(screen.getByRole('textbox', { name: 'UBRN' })).toHaveValue('12345');
  });

  it('describes other problems by their code and shows the detail', async () => {
    server.use(
      http.get('/api/referrals/:ubrn', () =>
        problemResponse(
          problem({
            status: 403,
            code: 'no_access',
            detail: 'Your role cannot view this referral.',
            correlationId: 'corr-403',
          }),
        ),
      ),
    );
    renderApp('/referrals/000000070000');
    await screen.findByRole('heading', {
      level: 1,
      name: 'You do not have access to this referral',
    });
    expect(screen.getByText('Your role cannot view this referral.')).toBeInTheDocument();
    expect(screen.getByText('Correlation ID: corr-403')).toBeInTheDocument();
  });

  it('refuses an invalid UBRN in the address without asking the BFF', async () => {
    // onUnhandledRequest is 'error', and the default handler would answer 404, not this.
    renderApp('/referrals/12345');
    await screen.findByRole('heading', { level: 1, name: 'Check the UBRN' });
    expect(screen.getByText(/UBRN must be 12 digits/)).toBeInTheDocument();
  });

  it.each(['not_signed_in', 'sign_in_again'] as const)(
    'sends the user to sign in again on %s',
    async (code) => {
      const { router } = renderApp('/referrals/find');
      await screen.findByRole('heading', { level: 1, name: 'Find a referral' });

      // The session ends while the user is on the find page (the cached user still says signed in).
      server.use(
        http.get('/api/referrals/:ubrn', () => problemResponse(problem({ status: 401, code }))),
        signedOutUserHandler,
      );
      await router.navigate('/referrals/000000070000');

      expect(
        await screen.findByRole('heading', { level: 1, name: 'Sign in to view e-Referrals' }),
      ).toBeInTheDocument();
      expect(router.state.location.pathname).toBe('/');
      expect(router.state.location.search).toBe('?returnTo=%2Freferrals%2F000000070000');
      expect(
        screen.getByRole('link', { name: 'Sign in with NHS Care Identity Service 2' }),
      ).toHaveAttribute('href', '/bff/login?returnTo=%2Freferrals%2F000000070000');
    },
  );

  it('shows e-RS refusing access that signing in again would not change, and stays on the page', async () => {
    const detail =
      'e-RS refused your access, and signing in again will not change that. Contact your IT service desk and quote the correlation ID.';
    server.use(
      http.get('/api/referrals/:ubrn', () =>
        problemResponse(
          problem({ status: 502, code: 'upstream_access_refused', detail, correlationId: 'c-502' }),
        ),
      ),
    );
    const { router } = renderApp('/referrals/000000070000');
    await screen.findByRole('heading', {
      level: 1,
      name: 'The e-Referral Service refused your access',
    });
    expect(screen.getByText(detail)).toBeInTheDocument();
    expect(screen.getByText('Correlation ID: c-502')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/referrals/000000070000');
  });
});
