import { describe, expect, it } from 'vitest';
import { REFERRAL_STATES, normaliseReferralStateCode, toReferralState } from './referral-state';

describe('toReferralState', () => {
  it.each([
    ['APP_CANCELLED_BY_PATIENT', 'APPT_CANCELLED_BY_PATIENT'],
    ['APP_CANCELLED_BY_PROVIDER', 'APPT_CANCELLED_BY_PROVIDER'],
    ['APPT_CANCELLED_BY_PATIENT', 'APPT_CANCELLED_BY_PATIENT'],
  ])('gives the worklist spelling %s and the A005 spelling one code', (code, expected) => {
    expect(toReferralState({ code })).toEqual({
      code: expected,
      label: expected.endsWith('PATIENT')
        ? 'Appointment cancelled by patient'
        : 'Appointment cancelled by provider',
    });
  });

  it('labels every documented state in our words, whatever e-RS displays', () => {
    for (const code of REFERRAL_STATES) {
      const state = toReferralState({ code, display: 'SHOUTY E-RS DISPLAY' });
      expect(state?.code).toBe(code);
      expect(state?.label).not.toBe('SHOUTY E-RS DISPLAY');
    }
  });

  it('passes a state e-RS adds later through with its display', () => {
    expect(toReferralState({ code: 'SOMETHING_NEW', display: 'Something new' })).toEqual({
      code: 'SOMETHING_NEW',
      label: 'Something new',
    });
    expect(toReferralState({ code: 'SOMETHING_NEW' })?.label).toBe('Something new');
  });

  it('answers null without a code', () => {
    expect(toReferralState(undefined)).toBeNull();
    expect(toReferralState({ display: 'x' })).toBeNull();
  });

  it('leaves other codes alone', () => {
    expect(normaliseReferralStateCode('APPOINTMENT_X')).toBe('APPOINTMENT_X');
  });
});
