import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const valid = {
  PUBLIC_ORIGIN: 'https://ers-client.example.nhs.uk',
  CIS2_ISSUER:
    'https://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk:443/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare',
  CIS2_CLIENT_ID: 'client.apps.supplier',
  APIM_TOKEN_URL: 'https://int.api.service.nhs.uk/oauth2/token',
  APIM_API_KEY: 'key',
  ERS_BASE_URL: 'https://int.api.service.nhs.uk/referrals/FHIR',
  SIGNING_KEY_PEM: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----',
  SIGNING_KEY_ID: 'kid',
};

describe('loadConfig', () => {
  it('applies NHS defaults: RS512, AAL2_OR_AAL3_ANY, 15 min idle, 12 h absolute', () => {
    const config = loadConfig(valid);
    expect(config).toMatchObject({
      SIGNING_ALG: 'RS512',
      CIS2_ACR_VALUES: 'AAL2_OR_AAL3_ANY',
      SESSION_IDLE_MINUTES: 15,
      SESSION_ABSOLUTE_MINUTES: 720,
      CIS2_CLIENT_AUTH: 'private_key_jwt',
    });
  });

  it('keeps the issuer exactly as given, :443 included', () => {
    expect(loadConfig(valid).CIS2_ISSUER).toBe(valid.CIS2_ISSUER);
  });

  it('names every missing or malformed setting', () => {
    const attempt = () =>
      loadConfig({ ...valid, APIM_API_KEY: undefined, ERS_BASE_URL: 'not a url' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/APIM_API_KEY/);
    expect(attempt).toThrow(/ERS_BASE_URL/);
  });

  it('refuses plain http unless the local stand-ins are named', () => {
    expect(() => loadConfig({ ...valid, CIS2_ISSUER: 'http://localhost:3001/x' })).toThrow(
      /CIS2_ISSUER: must be https/,
    );
    expect(
      loadConfig({ ...valid, CIS2_ISSUER: 'http://localhost:3001/x', ALLOW_INSECURE_HTTP: 'local' })
        .CIS2_ISSUER,
    ).toBe('http://localhost:3001/x');
  });

  it('requires the secret when client_secret_post is chosen', () => {
    expect(() => loadConfig({ ...valid, CIS2_CLIENT_AUTH: 'client_secret_post' })).toThrow(
      /CIS2_CLIENT_SECRET/,
    );
  });
});
