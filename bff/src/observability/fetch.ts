/**
 * `fetch` for the calls made through it (CIS2's, through oauth4webapi and jose, and APIM's):
 * each HTTP exchange inside a traceUpstream span puts its status on that span and its latency
 * and outcome in the upstream metrics, as ers/upstream.ts does for e-RS and PDS.
 */
import { trace } from '@opentelemetry/api';
import { recordUpstream } from './metrics';
import { activeUpstreamCall, errorTypeOf, recordStatus } from './telemetry';

export function measuredFetch(fetchImpl: typeof fetch): typeof fetch {
  return async (input, init) => {
    const call = activeUpstreamCall();
    if (!call) return fetchImpl(input, init);
    const span = trace.getActiveSpan();
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const response = await fetchImpl(input, init);
      if (span) recordStatus(span, response.status);
      recordUpstream(call.service, call.operation, seconds(), { status: response.status });
      return response;
    } catch (error) {
      recordUpstream(call.service, call.operation, seconds(), { failure: errorTypeOf(error) });
      throw error;
    }
  };
}
