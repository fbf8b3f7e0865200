/**
 * OpenTelemetry is off unless OTEL_ENABLED=true: then no SDK is registered, so the API's spans
 * and instruments are no-ops. With it on, createBff registers the SDK and close() takes it away.
 */
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logging/logger';
import { createBff } from '../src/server';
import { inMemoryTelemetry, offline, testConfig } from './support/harness';

/** Whether each global is free: registering a probe succeeds only where nothing is registered. */
function unregistered() {
  return {
    tracerProvider: trace.setGlobalTracerProvider(new TracerProvider()),
    meterProvider: metrics.setGlobalMeterProvider(new MeterProvider()),
    contextManager: context.setGlobalContextManager(new AsyncLocalStorageContextManager()),
  };
}

afterEach(() => {
  trace.disable();
  metrics.disable();
  context.disable();
});

const log = createLogger('silent');

describe('OpenTelemetry', () => {
  it('is off by default: createBff registers no SDK and requests make no recording span', async () => {
    const bff = await createBff(testConfig(), log, { fetch: offline });
    try {
      expect((await bff.app.request('/health/live')).status).toBe(200);
      expect(trace.getTracer('probe').startSpan('probe').isRecording()).toBe(false);
      expect(unregistered()).toEqual({
        tracerProvider: true,
        meterProvider: true,
        contextManager: true,
      });
    } finally {
      await bff.close();
    }
  });

  it('with OTEL_ENABLED=true is registered by createBff and unregistered by close()', async () => {
    const telemetry = inMemoryTelemetry();
    const bff = await createBff(testConfig({ OTEL_ENABLED: 'true' }), log, {
      fetch: offline,
      telemetry: telemetry.exportTo,
    });
    let closed = false;
    try {
      await bff.app.request('/health/live');
      expect(telemetry.spans.getFinishedSpans().map((span) => span.name)).toEqual([
        'GET /health/live',
      ]);
      expect(unregistered()).toEqual({
        tracerProvider: false,
        meterProvider: false,
        contextManager: false,
      });
      await bff.close();
      closed = true;
      expect(unregistered()).toEqual({
        tracerProvider: true,
        meterProvider: true,
        contextManager: true,
      });
    } finally {
      if (!closed) await bff.close();
    }
  });
});
