import { describe, expect, it } from 'vitest';
import { API_ROUTES, apiPath, apiPaths, businessFunctionsForActivities } from './bff-contract';

describe('apiPath', () => {
  it('fills in every parameter, percent-encoded', () => {
    expect(apiPath('referralVersion', { ubrn: '000000070000', version: '5' })).toBe(
      '/api/referrals/000000070000/versions/5',
    );
    expect(apiPath('attachment', { ubrn: '1', attachmentId: 'a/b?c' })).toBe(
      '/api/referrals/1/attachments/a%2Fb%3Fc',
    );
    expect(apiPath('actingContext')).toBe(API_ROUTES.actingContext);
  });

  it('gives the SPA the same paths the BFF registers', () => {
    expect(apiPaths.worklist('REFERRALS_FOR_REVIEW')).toBe('/api/worklists/REFERRALS_FOR_REVIEW');
    expect(apiPaths.onBehalfOf('R69')).toBe('/api/on-behalf-of?odsCode=R69');
    expect(apiPaths.onBehalfOf()).toBe('/api/on-behalf-of');
  });
});

describe('businessFunctionsForActivities', () => {
  it('lists every business function the activity codes suggest, and none for other codes', () => {
    expect(businessFunctionsForActivities(['B1120', 'B1110'])).toEqual([
      'SERVICE_PROVIDER_CLINICIAN',
      'SERVICE_PROVIDER_ADMIN',
    ]);
    expect(businessFunctionsForActivities(['B0360'])).toEqual([]);
  });
});
