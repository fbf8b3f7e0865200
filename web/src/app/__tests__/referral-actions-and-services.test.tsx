import { screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { problem } from '@/testing/data';
import {
  AVAILABLE_ACTIONS_PATH,
  availableActionsHandler,
  problemResponse,
  userActingAsHandler,
} from '@/testing/handlers';
import { renderApp } from '@/testing/render-app';
import { server } from '@/testing/server';

const asReferrer = () => {
  server.use(
    userActingAsHandler({ odsCode: 'D82106', businessFunction: 'REFERRING_CLINICIAN' }),
    availableActionsHandler('referrer'),
  );
};

function actionsSection() {
  const heading = screen.getByRole('heading', { level: 2, name: 'What you can do next' });
  return heading.closest('section') as HTMLElement;
}

describe('what you can do next (e-RS A029)', () => {
  it('lists the actions e-RS offers in plain words, and says where they are done', async () => {
    renderApp('/referrals/000000070001');
    const list = await screen.findByRole('list', { name: 'Actions e-RS offers you' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Record the outcome of reviewing the referral']);
    expect(actionsSection()).toHaveTextContent(
      /in the e-RS Professional Application or in your own clinical system: this app shows referrals but cannot change them/,
    );
    // Words, never controls that look as if they act.
    expect(within(actionsSection()).queryByRole('button')).toBeNull();
    expect(within(actionsSection()).queryByRole('link')).toBeNull();
  });

  it('says so when e-RS offers none (the spec example 000000070000)', async () => {
    renderApp('/referrals/000000070000');
    expect(
      await screen.findByText(/e-RS offers you no actions on this referral at the moment/),
    ).toBeInTheDocument();
  });

  it('asks for the version on screen, and says when the referral has changed since', async () => {
    const asked: string[] = [];
    server.use(
      http.get(AVAILABLE_ACTIONS_PATH, ({ params }) => {
        asked.push(String(params.version));
        return problemResponse(
          problem({
            status: 404,
            code: 'version_not_current',
            detail:
              'This referral has changed since it was shown. Reload the page to see what can be done next.',
          }),
        );
      }),
    );
    renderApp('/referrals/000000070001');
    expect(await screen.findByText(/This referral has changed since it was shown/)).toBeVisible();
    expect(asked).toEqual(['5']);
    // The referral itself still shows.
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Referral 0000 0007 0001');
  });

  it('a referrer sees the referrer actions on their referral, several at once', async () => {
    asReferrer();
    renderApp('/referrals/000000070110');
    const list = await screen.findByRole('list', { name: 'Actions e-RS offers you' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Cancel the appointment booked directly with the service', 'Cancel the referral']);
  });

  it('is not shown, nor asked, in a role A029 does not serve', async () => {
    let asked = false;
    server.use(
      userActingAsHandler({ odsCode: 'R69', businessFunction: 'SERVICE_PROVIDER_ADMIN' }),
      http.get(AVAILABLE_ACTIONS_PATH, () => {
        asked = true;
        return HttpResponse.json({});
      }),
    );
    renderApp('/referrals/000000070001');
    await screen.findByRole('heading', { level: 1, name: 'Referral 0000 0007 0001' });
    expect(screen.queryByRole('heading', { name: 'What you can do next' })).toBeNull();
    expect(asked).toBe(false);
  });
});

describe("a shortlisted service's details (e-RS A033)", () => {
  it('a referrer follows a shortlisted service to its details and back', async () => {
    asReferrer();
    const { user } = renderApp('/referrals/000000070105');
    await screen.findByRole('heading', { level: 1, name: 'Referral 0000 0007 0105' });
    await user.click(
      screen.getByRole('link', { name: 'Triage-Related Indirect Business Service' }),
    );
    await screen.findByText('Service ID');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(
      'Shortlisted service - Triage-Related Indirect Business Service',
    );
    const [details, contacts] = document.querySelectorAll('.nhsuk-summary-list');
    expect(
      within(details as HTMLElement)
        .getAllByRole('term')
        .map((term) => [term.textContent, term.nextElementSibling?.textContent]),
    ).toEqual([
      ['Service ID', '11016'],
      ['Site (ODS code)', 'RCD03'],
      ['How it works', 'Appointments are booked'],
      ['Booking', 'Indirectly Bookable'],
      ['Appointment types', 'First OutpatientDiagnostic'],
      ['Opening hours', 'Monday to Thursday, 9am to 4pm'],
      ['Instructions for referrers', 'Not given by the service'],
    ]);
    expect(contacts).toHaveTextContent('Patient (Phone)01632 960 030');
    await user.click(screen.getByRole('link', { name: 'Back to referral 0000 0007 0105' }));
    await screen.findByRole('heading', { level: 1, name: 'Referral 0000 0007 0105' });
  });

  it('says when e-RS holds no contact details for a service', async () => {
    asReferrer();
    renderApp('/referrals/000000070105/services/11017');
    expect(
      await screen.findByText('e-RS holds no contact details for this service.'),
    ).toBeVisible();
  });

  it('a provider sees the shortlist as names only: A033 is for referring roles', async () => {
    renderApp('/referrals/000000070002');
    await screen.findByRole('heading', { level: 1, name: 'Referral 0000 0007 0002' });
    expect(screen.getByText('Triage-Related Indirect Business Service')).toBeVisible();
    expect(
      screen.queryByRole('link', { name: 'Triage-Related Indirect Business Service' }),
    ).toBeNull();
  });

  it("shows e-RS's refusal in words", async () => {
    asReferrer();
    renderApp('/referrals/000000070105/services/99999');
    expect(await screen.findByText(/e-RS has no service with that ID/)).toBeVisible();
  });
});
