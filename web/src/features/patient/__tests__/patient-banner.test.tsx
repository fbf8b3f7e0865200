import { screen, within } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { problem } from '@/testing/data';
import { problemResponse } from '@/testing/handlers';
import { renderApp } from '@/testing/render-app';
import { server } from '@/testing/server';

/** The banner, once PDS's answer is in: the region named by its heading. */
async function banner(name: string | RegExp) {
  const heading = await screen.findByRole('heading', { level: 2, name });
  const region = heading.closest('section');
  if (!(region instanceof HTMLElement)) throw new Error('no banner');
  return region;
}

/** The BFF's answer when PDS could not be reached, for the banner route `path`. */
const pdsUnreachable = (path: string) =>
  http.get(path, () =>
    problemResponse(
      problem({
        status: 503,
        code: 'pds_unavailable',
        detail: 'The Personal Demographics Service (PDS) could not be reached.',
        correlationId: 'corr-pds-503',
      }),
    ),
  );

function facts(region: HTMLElement) {
  return within(region)
    .queryAllByRole('term')
    .map((term) => [term.textContent, term.nextElementSibling?.textContent]);
}

describe('the patient banner on a referral', () => {
  it('shows name, date of birth with age, gender, NHS number, address and GP practice from PDS', async () => {
    renderApp('/referrals/000000070000');
    const region = await banner('SMITH, Jane (Mrs)');
    expect(facts(region)).toEqual([
      ['Born', expect.stringMatching(/^22 October 2010 \(\d+ years\)$/)],
      ['Gender', 'Female'],
      ['NHS number', '991 200 3888 (verified)'],
      [
        'Home address',
        '1 Trevelyan Square, Boar Lane, City Centre, Leeds, West Yorkshire, LS1 6AE',
      ],
      ['GP practice (ODS code)', 'Y12345'],
    ]);
    // Above the referral's own content.
    const summary = document.querySelector('.nhsuk-summary-list');
    expect(
      region.compareDocumentPosition(summary!) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
  });

  it('is asked for with the referral, not once the referral is shown', async () => {
    let patientAsked!: () => void;
    const asked = new Promise<void>((resolve) => {
      patientAsked = resolve;
    });
    // Each notes or waits, then leaves the answer to the usual handlers.
    server.use(
      http.get('/api/referrals/:ubrn/patient', () => {
        patientAsked();
      }),
      http.get('/api/referrals/:ubrn', async () => {
        await asked;
      }),
    );
    renderApp('/referrals/000000070000');
    await banner('SMITH, Jane (Mrs)');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Referral 0000 0007 0000');
  });

  it('shows a restricted patient’s name, date of birth and NHS number only, and says why', async () => {
    renderApp('/referrals/000000070102');
    const region = await banner('SMYTHE, Janet (Mrs)');
    expect(within(region).getByText('Restricted record')).toBeInTheDocument();
    expect(facts(region).map(([term]) => term)).toEqual(['Born', 'NHS number']);
    expect(region.textContent).not.toMatch(/Home address|Y12345|LS1|Trevelyan/);
  });

  it('shows the current NHS number of a superseded one and says it changed', async () => {
    renderApp('/referrals/000000070108');
    const region = await banner('SMITH, John Paul (Mr)');
    expect(within(region).getByText('NHS number changed')).toBeInTheDocument();
    expect(region.textContent).toContain('The referral gives 100 000 0001');
    expect(facts(region)).toContainEqual(['NHS number', '973 201 9395 (verified)']);
  });

  it('says in plain words when PDS has no record, the referral still shown', async () => {
    renderApp('/referrals/000000070103');
    const region = await banner('Patient details could not be retrieved');
    expect(region.textContent).toContain('has no record for this NHS number');
    expect(region.textContent).toContain('NHS number on the referral: 972 719 4737');
    expect(
      screen.getByRole('heading', { level: 1, name: 'Referral 0000 0007 0103' }),
    ).toBeInTheDocument();
  });

  it('says PDS could not be reached, with the support id folded away', async () => {
    server.use(pdsUnreachable('/api/referrals/:ubrn/patient'));
    renderApp('/referrals/000000070000');
    const region = await banner('Patient details could not be retrieved');
    expect(region.textContent).toContain('could not be reached');
    const details = region.querySelector('details');
    expect(details).not.toHaveAttribute('open');
    expect(within(details!).getByText('Correlation ID: corr-pds-503')).toBeInTheDocument();
  });
});

describe('the patient banner on an Advice and Guidance request', () => {
  it('shows who the request is about from PDS, under the heading and above the request', async () => {
    renderApp('/advice-and-guidance/000000090000');
    const region = await banner('SMITH, Jane (Mrs)');
    expect(facts(region)).toContainEqual(['NHS number', '991 200 3888 (verified)']);
    const heading = screen.getByRole('heading', { level: 1 });
    expect(heading).toHaveTextContent('Advice and Guidance request 0000 0009 0000');
    expect(heading.compareDocumentPosition(region) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    const summary = document.querySelector('.nhsuk-summary-list');
    expect(
      region.compareDocumentPosition(summary!) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
  });

  it('asks the BFF for the A&G request’s patient by UBRN, never by NHS number', async () => {
    const asked: string[] = [];
    server.events.on('request:start', ({ request }) => {
      const url = new URL(request.url);
      if (url.pathname.endsWith('/patient')) asked.push(`${url.pathname}${url.search}`);
    });
    renderApp('/advice-and-guidance/000000090002');
    const region = await banner(/Restricted|[A-Z]+, /);
    expect(region.textContent).toContain('Restricted record');
    expect(asked).toEqual(['/api/advice-and-guidance/000000090002/patient']);
    server.events.removeAllListeners();
  });

  it('says PDS could not be reached, naming the A&G request’s NHS number, the request still shown', async () => {
    server.use(pdsUnreachable('/api/advice-and-guidance/:ubrn/patient'));
    renderApp('/advice-and-guidance/000000090000');
    const region = await banner('Patient details could not be retrieved');
    expect(region.textContent).toContain(
      'NHS number on the Advice and Guidance request: 991 200 3888',
    );
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(
      'Advice and Guidance request 0000 0009 0000',
    );
  });
});
