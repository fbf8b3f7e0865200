/**
 * A030 `GET /R4/PractitionerRole`: the (ODS, business function) pairs the user may act in, as a
 * searchset Bundle of PractitionerRoles, one per organisation (like the sandbox sample), from
 * the persona's e-RS registration. Needs only the Authorization header.
 */
import { randomUUID } from 'node:crypto';
import type { Operation } from './types';

export const a030: Operation = {
  id: 'A030',
  method: 'GET',
  pattern: /^\/R4\/PractitionerRole$/,
  flavour: 'R4',
  businessFunctions: null,
  onBehalfOfRequiredForSpca: false,
  handle({ persona, now, ersBaseUrl }) {
    const timestamp = new Date(now).toISOString();
    const entry = persona.ersRoles.map(({ odsCode, businessFunctions: functions }) => {
      const id = `PractitionerRole-${odsCode}-${persona.uid}`;
      return {
        fullUrl: `${ersBaseUrl}/R4/PractitionerRole/${id}`,
        resource: {
          id,
          meta: { lastUpdated: timestamp },
          resourceType: 'PractitionerRole',
          practitioner: {
            identifier: { system: 'https://fhir.nhs.uk/Id/sds-user-id', value: persona.uid },
          },
          organization: {
            identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: odsCode },
          },
          code: functions.map((code) => ({
            coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/eRS-BusinessFunction-1', code }],
          })),
        },
        search: { mode: 'match' },
      };
    });
    return {
      status: 200,
      body: {
        id: randomUUID(),
        meta: { lastUpdated: timestamp },
        resourceType: 'Bundle',
        type: 'searchset',
        total: entry.length,
        timestamp,
        link: [{ relation: 'self', url: `${ersBaseUrl}/R4/PractitionerRole` }],
        entry,
      },
    };
  },
};
