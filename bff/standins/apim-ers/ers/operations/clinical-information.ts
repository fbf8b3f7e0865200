/**
 * A007 `POST /STU3/ReferralRequest/{ubrn}/$ers.generateCRI`: the referral's clinical information
 * as a small PDF (application/pdf, Content-Disposition attachment, Content-Length).
 */
import { referralFacts } from '@ers/fixtures';
import { simplePdf } from '@ers/fixtures/files';
import { REFERRAL_READERS } from './referral-request';
import { referralForUser } from './referral-lookup';
import type { Operation } from './types';

const stamp = (now: number) => new Date(now).toISOString().replace(/[-:T]/g, '').slice(0, 14);

export const a007: Operation = {
  id: 'A007',
  method: 'POST',
  pattern: /^\/STU3\/ReferralRequest\/([^/$]+)\/\$ers\.generateCRI$/,
  flavour: 'STU3',
  businessFunctions: REFERRAL_READERS,
  onBehalfOfRequiredForSpca: true,
  handle(request) {
    const found = referralForUser(request.params[0]!, request);
    if ('refusal' in found) return found.refusal;
    const facts = referralFacts(found.referral);
    const pdf = simplePdf([
      'e-Referral Service - Clinical Referral Information (stand-in)',
      `UBRN: ${facts.ubrn}`,
      `NHS number: ${facts.nhsNumber}`,
      `Referral state: ${facts.state}`,
      `Priority: ${facts.priority}`,
      `Specialty: ${facts.specialty}`,
      `Generated: ${new Date(request.now).toISOString()}`,
      'Synthetic test data: no real patient information.',
    ]);
    return {
      status: 200,
      raw: pdf,
      body: undefined,
      headers: {
        'content-type': 'application/pdf',
        'content-length': String(pdf.length),
        'content-disposition': `attachment; filename="${facts.ubrn}_Clinical_Referral_Information_${stamp(request.now)}.pdf"`,
      },
    };
  },
};
