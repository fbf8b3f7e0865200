/**
 * A040 `GET /R4/Practitioner?_query=onBehalfOf`: the service provider clinicians an SPCA may act
 * for (the persona's `actsOnBehalfOf`). Only SERVICE_PROVIDER_CLINICIAN_ADMIN may ask; the
 * on-behalf-of header is not needed here (this is how an SPCA learns whom to name in it).
 */
import { randomUUID } from 'node:crypto';
import { SPCA } from '../rules';
import type { Operation } from './types';

export const a040: Operation = {
  id: 'A040',
  method: 'GET',
  pattern: /^\/R4\/Practitioner$/,
  flavour: 'R4',
  businessFunctions: new Set([SPCA]),
  onBehalfOfRequiredForSpca: false,
  handle({ query, persona, now, ersBaseUrl, errors }) {
    if (query.get('_query') !== 'onBehalfOf') {
      return errors.badRequest('The query parameter _query is missing or has an invalid value.');
    }
    const timestamp = new Date(now).toISOString();
    const entry = (persona.actsOnBehalfOf ?? []).map((userId) => ({
      fullUrl: `Practitioner/${userId}`,
      resource: {
        id: userId,
        resourceType: 'Practitioner',
        meta: { lastUpdated: timestamp },
        identifier: { system: 'https://fhir.nhs.uk/Id/sds-user-id', value: userId },
      },
      search: { mode: 'match' },
    }));
    return {
      status: 200,
      body: {
        id: randomUUID(),
        resourceType: 'Bundle',
        meta: { lastUpdated: timestamp },
        type: 'searchset',
        total: entry.length,
        timestamp,
        link: [{ relation: 'self', url: `${ersBaseUrl}/R4/Practitioner?_query=onBehalfOf` }],
        entry,
      },
    };
  },
};
