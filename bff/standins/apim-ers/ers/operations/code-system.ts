/**
 * A004 `GET /STU3/CodeSystem/{codeSystemType}`: reference data from the spec's examples
 * (SPECIALTY, CLINIC-TYPE, PRIORITY, the cancellation and non-attendance reasons).
 */
import { CODE_SYSTEMS, withBaseUrl } from '@ers/fixtures';
import { RC, RCA, SPC, SPCA } from '../rules';
import type { Operation } from './types';

export const a004: Operation = {
  id: 'A004',
  method: 'GET',
  pattern: /^\/STU3\/CodeSystem\/([^/]+)$/,
  flavour: 'STU3',
  businessFunctions: new Set([RC, RCA, SPC, SPCA]),
  onBehalfOfRequiredForSpca: true,
  handle({ params, errors, ersBaseUrl }) {
    const codeSystem = CODE_SYSTEMS.get(params[0]!);
    if (!codeSystem) return errors.notFound(`CodeSystem ${params[0]} not found.`);
    return { status: 200, body: withBaseUrl(codeSystem, ersBaseUrl) };
  },
};
