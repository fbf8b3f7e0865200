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
  ERS_OBJECT_STORE_HOSTS: 'ers-attachments.s3.eu-west-2.amazonaws.com',
  SIGNING_KEY_PEM: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----',
  SIGNING_KEY_ID: 'kid',
};

describe('loadConfig', () => {
  it('applies NHS defaults: RS512, AAL2_OR_AAL3_ANY, 15 min idle, 12 h absolute', () => {
    const config = loadConfig(valid);
    expect(config).toMatchObject({
      CIS2_SIGNING_ALG: 'RS512',
      APIM_SIGNING_ALG: 'RS512',
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

  it('listens on loopback unless HOST says otherwise, and HOST must be an address', () => {
    expect(loadConfig(valid).HOST).toBe('127.0.0.1');
    expect(loadConfig({ ...valid, HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
    expect(loadConfig({ ...valid, HOST: '::' }).HOST).toBe('::');
    expect(() => loadConfig({ ...valid, HOST: 'http://0.0.0.0' })).toThrow(/HOST/);
  });

  it('requires the secret when client_secret_post is chosen', () => {
    expect(() => loadConfig({ ...valid, CIS2_CLIENT_AUTH: 'client_secret_post' })).toThrow(
      /CIS2_CLIENT_SECRET/,
    );
  });
});

describe('ERS_OBJECT_STORE_HOSTS', () => {
  it('is required outside local: NHS does not publish the object-store hosts', () => {
    for (const ERS_ENV of [undefined, 'int', 'live']) {
      expect(() => loadConfig({ ...valid, ERS_ENV, ERS_OBJECT_STORE_HOSTS: undefined })).toThrow(
        /ERS_OBJECT_STORE_HOSTS: required/,
      );
    }
  });

  it('is a list of exact hosts, lower-cased, with a port where one is given', () => {
    const config = loadConfig({
      ...valid,
      ERS_OBJECT_STORE_HOSTS: ' Files.Example.com , files-2.example.com:8443 ',
    });
    expect(config.ERS_OBJECT_STORE_HOSTS).toEqual([
      'files.example.com',
      'files-2.example.com:8443',
    ]);
  });

  it.each([
    'https://files.example.com',
    'files.example.com/path',
    'user@files.example.com',
    'files.example.com:99999',
    'files example.com',
  ])('refuses %s', (hosts) => {
    expect(() => loadConfig({ ...valid, ERS_OBJECT_STORE_HOSTS: hosts })).toThrow(
      /ERS_OBJECT_STORE_HOSTS: .* is not a host or host:port/,
    );
  });

  it("is the e-RS stand-in's own host with ERS_ENV=local", () => {
    const config = loadConfig({
      ...valid,
      ERS_ENV: 'local',
      ERS_OBJECT_STORE_HOSTS: undefined,
      ERS_BASE_URL: 'http://127.0.0.1:4010/referrals/FHIR',
      PUBLIC_ORIGIN: 'http://localhost:3000',
    });
    expect(config.ERS_OBJECT_STORE_HOSTS).toEqual(['127.0.0.1:4010']);
  });
});

describe('ERS_ENV presets', () => {
  const minimal = {
    PUBLIC_ORIGIN: 'https://ers-client.example.nhs.uk',
    CIS2_CLIENT_ID: 'client.apps.supplier',
    APIM_API_KEY: 'key',
    ERS_OBJECT_STORE_HOSTS: valid.ERS_OBJECT_STORE_HOSTS,
    SIGNING_KEY_PEM: valid.SIGNING_KEY_PEM,
    SIGNING_KEY_ID: 'kid',
  };

  it('int: the INT CIS2 issuer with :443, and APIM/e-RS on int.api.service.nhs.uk', () => {
    expect(loadConfig({ ...minimal, ERS_ENV: 'int' })).toMatchObject({
      CIS2_ISSUER:
        'https://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk:443/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare',
      APIM_TOKEN_URL: 'https://int.api.service.nhs.uk/oauth2/token',
      ERS_BASE_URL: 'https://int.api.service.nhs.uk/referrals/FHIR',
    });
  });

  it('live: the live CIS2 issuer with :443, and api.service.nhs.uk', () => {
    expect(loadConfig({ ...minimal, ERS_ENV: 'live' })).toMatchObject({
      CIS2_ISSUER:
        'https://am.nhsidentity.spineservices.nhs.uk:443/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare',
      APIM_TOKEN_URL: 'https://api.service.nhs.uk/oauth2/token',
      ERS_BASE_URL: 'https://api.service.nhs.uk/referrals/FHIR',
    });
  });

  it('sandbox: the public sandbox, and no APIM settings needed', () => {
    const config = loadConfig({
      ...minimal,
      APIM_API_KEY: undefined,
      ERS_ENV: 'sandbox',
      CIS2_ISSUER: valid.CIS2_ISSUER,
    });
    expect(config.ERS_BASE_URL).toBe('https://sandbox.api.service.nhs.uk/referrals/FHIR');
    expect(config.APIM_TOKEN_URL).toBeUndefined();
  });

  it("sandbox: A042's redirect stays on the sandbox's own host", () => {
    const config = loadConfig({
      ...minimal,
      ERS_OBJECT_STORE_HOSTS: undefined,
      APIM_API_KEY: undefined,
      ERS_ENV: 'sandbox',
      CIS2_ISSUER: valid.CIS2_ISSUER,
    });
    expect(config.ERS_OBJECT_STORE_HOSTS).toEqual(['sandbox.api.service.nhs.uk']);
  });

  it("dep: the migration guide's host and base path; the CIS2 issuer is still required", () => {
    expect(() => loadConfig({ ...minimal, ERS_ENV: 'dep' })).toThrow(
      /CIS2_ISSUER: DEP has no published CIS2 issuer/,
    );
    expect(
      loadConfig({ ...minimal, ERS_ENV: 'dep', CIS2_ISSUER: valid.CIS2_ISSUER }),
    ).toMatchObject({
      APIM_TOKEN_URL: 'https://dep.api.service.nhs.uk/oauth2/token',
      ERS_BASE_URL: 'https://dep.api.service.nhs.uk/referrals-dep/FHIR',
    });
  });

  it('explicit settings win over the preset', () => {
    const config = loadConfig({
      ...minimal,
      ERS_ENV: 'int',
      ERS_BASE_URL: 'https://proxy.example.nhs.uk/ers',
    });
    expect(config.ERS_BASE_URL).toBe('https://proxy.example.nhs.uk/ers');
  });

  it('refuses an unknown environment by name', () => {
    expect(() => loadConfig({ ...minimal, ERS_ENV: 'prod' })).toThrow(/ERS_ENV/);
  });

  it('outside sandbox, the APIM settings are required and named', () => {
    expect(() => loadConfig({ ...minimal, APIM_API_KEY: undefined, ERS_ENV: 'int' })).toThrow(
      /APIM_API_KEY/,
    );
  });
});

describe('signing key settings', () => {
  it('reads SIGNING_KEY_FILE when no inline key is given, and names an unreadable one', () => {
    expect(() =>
      loadConfig({
        ...valid,
        SIGNING_KEY_PEM: undefined,
        SIGNING_KEY_FILE: '/nonexistent/key.pem',
      }),
    ).toThrow(/SIGNING_KEY_FILE: cannot read/);
  });

  it('parses ADDITIONAL_PUBLIC_JWKS as a JWKS and names a malformed one', () => {
    expect(
      loadConfig({ ...valid, ADDITIONAL_PUBLIC_JWKS: '{"keys":[{"kty":"RSA","kid":"old"}]}' })
        .ADDITIONAL_PUBLIC_JWKS,
    ).toEqual([{ kty: 'RSA', kid: 'old' }]);
    expect(() => loadConfig({ ...valid, ADDITIONAL_PUBLIC_JWKS: '[1,2]' })).toThrow(
      /ADDITIONAL_PUBLIC_JWKS/,
    );
  });

  it('takes the CIS2 algorithm from the CIS2 registration, apart from APIM', () => {
    expect(loadConfig({ ...valid, CIS2_SIGNING_ALG: 'PS512' })).toMatchObject({
      CIS2_SIGNING_ALG: 'PS512',
      APIM_SIGNING_ALG: 'RS512',
    });
  });

  it.each(['RS256', 'PS512', 'rs512'])(
    'refuses APIM_SIGNING_ALG=%s: APIM takes RS512 only',
    (alg) => {
      expect(() => loadConfig({ ...valid, APIM_SIGNING_ALG: alg })).toThrow(
        /APIM_SIGNING_ALG: must be RS512/,
      );
    },
  );

  it.each([
    ['SIGNING_ALG', 'RS512', /SIGNING_ALG: replaced by CIS2_SIGNING_ALG/],
    ['PREVIOUS_PUBLIC_JWKS', '{"keys":[]}', /PREVIOUS_PUBLIC_JWKS: renamed ADDITIONAL_PUBLIC_JWKS/],
  ])('names the retired setting %s rather than ignore it', (name, value, message) => {
    expect(() => loadConfig({ ...valid, [name]: value })).toThrow(message);
  });
});
