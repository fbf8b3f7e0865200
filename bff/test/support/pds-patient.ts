/** PDS's sandbox example for the patient routes' in-process tests (PDS as a MockAgent), shaped as the given record, with its location data left in. */
export function pdsPatient(id: string, security = 'U') {
  return {
    resourceType: 'Patient',
    id,
    identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: id }],
    meta: { versionId: '2', security: [{ code: security }] },
    name: [{ use: 'usual', given: ['Jane'], family: 'Smith', prefix: ['Mrs'] }],
    gender: 'female',
    birthDate: '2010-10-22',
    address: [{ use: 'home', line: ['1 Trevelyan Square'], postalCode: 'LS1 6AE' }],
    telecom: [{ system: 'phone', value: '01632960587' }],
    generalPractitioner: [
      { identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'Y12345' } },
    ],
  };
}
