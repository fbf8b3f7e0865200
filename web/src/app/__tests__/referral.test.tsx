import { screen, within } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { problem } from '@/testing/data';
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
      ['Version', '5'],
    ]);
    expect(screen.getByText('991 200 3888')).toHaveClass('nhsuk-u-nowrap');
    expect(screen.getByRole('link', { name: 'Find another referral' })).toHaveAttribute(
      'href',
      '/referrals/find',
    );
  });

  it("shows the patient's additional requirements and the clinic type (the spec's example 000000070011)", async () => {
    renderApp('/referrals/000000070011');
    await screen.findByRole('heading', { level: 1, name: 'Referral 0000 0007 0011' });
    expect(summaryRows()).toContainEqual(['Clinic type', 'Heart failure']);
    const row = summaryRows().find(([term]) => term === "Patient's additional requirements");
    expect(row?.[1]).toBe('AdvocacyInterpreterTransport');
    const list = screen.getByText('Interpreter').closest('ul');
    expect(
      within(list!)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Advocacy', 'Interpreter', 'Transport']);
  });

  it("shows an appointment's reason and comment (the spec's example 000000070003)", async () => {
    renderApp('/referrals/000000070003');
    await screen.findByRole('heading', { level: 1, name: 'Referral 0000 0007 0003' });
    const appointment = summaryRows().find(([term]) => term === 'Appointment')?.[1];
    expect(appointment).toContain('Reason: No slots at service');
    expect(appointment).toContain('Comment: Yes!');
  });

  it("shows the appointment's allocated clinician (the spec's example 000000070001)", async () => {
    renderApp('/referrals/000000070001');
    await screen.findByRole('heading', { level: 1, name: 'Referral 0000 0007 0001' });
    const appointment = summaryRows().find(([term]) => term === 'Appointment')?.[1];
    expect(appointment).toContain('Allocated clinician (SDS user ID): 021600556514');
  });

  it('shows "Referral not found" with the correlation id for a 404 problem', async () => {
    renderApp('/referrals/000000099999');
    await screen.findByRole('heading', { level: 1, name: 'Referral not found' });
    expect(
      screen.getByText('No referral with UBRN 000000099999 was found in the e-Referral Service.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Correlation ID: c0ffee00-1234-4abc-8def-000000000404'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Find another referral' })).toBeInTheDocument();
    // Still inside the signed-in layout.
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
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
