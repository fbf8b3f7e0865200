/**
 * The BFF's metrics, through `@opentelemetry/api`. Every attribute value is one of a small set
 * the BFF names (a reason, an operation id, a status code), never anything a user or a server
 * sent, so no identifier can reach a metric and no attacker can grow its cardinality.
 */
import { metrics, type Meter, type MeterProvider } from '@opentelemetry/api';
import { ATTR, INSTRUMENTATION_SCOPE, type UpstreamService } from './telemetry';

/** Upstream latency buckets (seconds): e-RS answers in tens to hundreds of ms, up to its 15 s. */
const LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15];

function instruments(meter: Meter) {
  return {
    signIns: meter.createCounter('bff.sign_ins', {
      description: 'Sign-ins that started a session',
    }),
    signInRefusals: meter.createCounter('bff.sign_in.refusals', {
      description: 'Sign-ins refused, by reason (the page the user was shown)',
    }),
    tokenRenewals: meter.createCounter('bff.apim.token_renewals', {
      description: 'APIM access-token renewals, by what happened (refreshed, re_exchanged...)',
    }),
    backchannelLogouts: meter.createCounter('bff.backchannel_logouts', {
      description: "CIS2's back-channel logouts, accepted or refused",
    }),
    csrfRefusals: meter.createCounter('bff.csrf.refusals', {
      description: 'Requests refused by the CSRF defence, by problem code',
    }),
    upstreamDuration: meter.createHistogram('bff.upstream.duration', {
      description: 'One exchange with CIS2, APIM, e-RS, PDS or the object store',
      unit: 's',
      advice: { explicitBucketBoundaries: LATENCY_BUCKETS },
    }),
    upstreamErrors: meter.createCounter('bff.upstream.errors', {
      description: 'Upstream exchanges that failed: a 4xx or 5xx status, a timeout, no connection',
    }),
    rateLimitWaits: meter.createCounter('bff.rate_limit.waits', {
      description: 'Calls that queued for a rate-limit permit, or were refused one',
    }),
  };
}

/**
 * The global MeterProvider has no proxy (the TracerProvider has): instruments made before the
 * SDK registers would stay no-ops. So they are made from whichever provider is registered now,
 * and made again only when that changes (once, at start-up).
 */
let current: { provider: MeterProvider; instruments: ReturnType<typeof instruments> } | undefined;

function bffMetrics() {
  const provider = metrics.getMeterProvider();
  if (current?.provider !== provider) {
    current = { provider, instruments: instruments(provider.getMeter(INSTRUMENTATION_SCOPE)) };
  }
  return current.instruments;
}

export const recordSignIn = () => bffMetrics().signIns.add(1);

export const recordSignInRefusal = (reason: string) =>
  bffMetrics().signInRefusals.add(1, { reason });

export const recordTokenRenewal = (event: string) => bffMetrics().tokenRenewals.add(1, { event });

export const recordBackchannelLogout = (
  outcome: 'accepted' | 'invalid_token' | 'cis2_keys_unavailable' | 'replayed',
) => bffMetrics().backchannelLogouts.add(1, { outcome });

export const recordCsrfRefusal = (code: string) => bffMetrics().csrfRefusals.add(1, { code });

export type UpstreamOutcome = { status: number } | { failure: string };

/** One exchange: its latency, and an error when it failed (`error.type` as on its span). */
export function recordUpstream(
  service: UpstreamService,
  operation: string,
  seconds: number,
  outcome: UpstreamOutcome,
): void {
  const instruments = bffMetrics();
  const errorType =
    'failure' in outcome ? outcome.failure : outcome.status >= 400 ? String(outcome.status) : null;
  const attributes = {
    [ATTR.service]: service,
    [ATTR.operation]: operation,
    ...('status' in outcome ? { [ATTR.status]: outcome.status } : {}),
    ...(errorType ? { [ATTR.errorType]: errorType } : {}),
  };
  instruments.upstreamDuration.record(seconds, attributes);
  if (errorType) instruments.upstreamErrors.add(1, attributes);
}

/** `limit`: the application's share of e-RS or PDS, or one session's share of it. */
export const recordRateLimitWait = (
  service: UpstreamService,
  limit: 'application' | 'session',
  outcome: 'waited' | 'refused',
) =>
  bffMetrics().rateLimitWaits.add(1, {
    [ATTR.service]: service,
    'bff.rate_limit': limit,
    outcome,
  });
