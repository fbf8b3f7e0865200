/**
 * Environment presets: one setting (`ERS_ENV`) fills in the NHS hosts, base paths and CIS2
 * issuers of an environment. Anything set explicitly wins, so a wrong guess here is a
 * configuration change, not a code change.
 */

export const ERS_ENVIRONMENTS = ['local', 'sandbox', 'int', 'dep', 'live'] as const;
export type ErsEnvironment = (typeof ERS_ENVIRONMENTS)[number];

const CIS2_REALM = '/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare';

/**
 * Values NHS England publishes: CIS2 issuers (NHS CIS2 Authentication, "Integrating with CIS2"),
 * APIM hosts and e-RS base paths ("Migrating from the e-RS HSCN API to the APIM e-RS API"), PDS
 * base paths (the PDS FHIR API specification's `servers`: sandbox, int and live; none for dep).
 */
export const PRESETS: Record<ErsEnvironment, Record<string, string>> = {
  // The local stand-ins pick their ports at start-up; local/local-environment.ts sets the URLs.
  local: { ALLOW_INSECURE_HTTP: 'local' },
  // The public e-RS sandbox needs no token at all: no APIM exchange, headers still sent. Its A042
  // redirects to `/ObjectStore/...` on its own host (NHSDigital/e-referrals-service-api, sandbox).
  sandbox: {
    ERS_BASE_URL: 'https://sandbox.api.service.nhs.uk/referrals/FHIR',
    ERS_OBJECT_STORE_HOSTS: 'sandbox.api.service.nhs.uk',
    PDS_BASE_URL: 'https://sandbox.api.service.nhs.uk/personal-demographics/FHIR/R4',
  },
  int: {
    CIS2_ISSUER: `https://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk:443${CIS2_REALM}`,
    APIM_TOKEN_URL: 'https://int.api.service.nhs.uk/oauth2/token',
    ERS_BASE_URL: 'https://int.api.service.nhs.uk/referrals/FHIR',
    PDS_BASE_URL: 'https://int.api.service.nhs.uk/personal-demographics/FHIR/R4',
  },
  // DEP: host and base path as the migration guide publishes them. The token URL follows APIM's
  // pattern on that host, which no NHS page confirms for DEP; CIS2 publishes no DEP issuer, so
  // CIS2_ISSUER stays required (from your CIS2 onboarding).
  dep: {
    APIM_TOKEN_URL: 'https://dep.api.service.nhs.uk/oauth2/token',
    ERS_BASE_URL: 'https://dep.api.service.nhs.uk/referrals-dep/FHIR',
  },
  live: {
    CIS2_ISSUER: `https://am.nhsidentity.spineservices.nhs.uk:443${CIS2_REALM}`,
    APIM_TOKEN_URL: 'https://api.service.nhs.uk/oauth2/token',
    ERS_BASE_URL: 'https://api.service.nhs.uk/referrals/FHIR',
    PDS_BASE_URL: 'https://api.service.nhs.uk/personal-demographics/FHIR/R4',
  },
};

/** The environment with the preset's values filled in where nothing was set. */
export function withPreset(
  env: Record<string, string | undefined>,
): Record<string, string | undefined> {
  const name = env.ERS_ENV as ErsEnvironment | undefined;
  if (!name || !(ERS_ENVIRONMENTS as readonly string[]).includes(name)) return env;
  const filled = { ...env };
  for (const [key, value] of Object.entries(PRESETS[name])) {
    if (filled[key] === undefined || filled[key] === '') filled[key] = value;
  }
  return filled;
}
