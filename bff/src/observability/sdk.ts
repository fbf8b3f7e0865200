/**
 * The OpenTelemetry SDK, started by the composition root (server.ts) only when OTEL_ENABLED=true.
 * Exporters are OTLP over HTTP and read the standard variables themselves (OTEL_EXPORTER_OTLP_
 * ENDPOINT, _HEADERS, _TRACES_ENDPOINT, _METRICS_ENDPOINT, _TIMEOUT...), as the OpenTelemetry
 * specification says they should; OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES name the service.
 *
 * No propagator is registered: nothing is added to requests to CIS2, APIM, e-RS or PDS, whose
 * headers are exactly the ones their specifications ask for.
 */
import { context, diag, DiagLogLevel, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import {
  MeterProvider,
  PeriodicExportingMetricReader,
  type IMetricReader,
} from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, TracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace';
import type { Logger } from '../logging/logger';

/** Where spans and metrics go instead of OTLP: tests pass in-memory ones. */
export type TelemetryExport = {
  spanProcessor?: SpanProcessor | undefined;
  metricReader?: IMetricReader | undefined;
};

export type Telemetry = { shutdown(): Promise<void> };

export const DEFAULT_SERVICE_NAME = 'ers-bff';

/**
 * Registers the SDK globally (the API is process-wide): one BFF per process may enable it.
 * Export failures are logged as warnings; the SDK's own chatter below that is not.
 */
export function startTelemetry(log: Logger, exportTo: TelemetryExport = {}): Telemetry {
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': DEFAULT_SERVICE_NAME }))
    .merge(detectResources({ detectors: [envDetector] }));
  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors: [
      exportTo.spanProcessor ?? new BatchSpanProcessor({ exporter: new OTLPTraceExporter() }),
    ],
  });
  const meterProvider = new MeterProvider({
    resource,
    readers: [
      exportTo.metricReader ??
        new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter() }),
    ],
  });
  const warn = (message: string) => log.warn({ otel: true }, `OpenTelemetry: ${message}`);
  diag.setLogger(
    { error: warn, warn, info: () => {}, debug: () => {}, verbose: () => {} },
    DiagLogLevel.WARN,
  );
  const registered =
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()) &&
    trace.setGlobalTracerProvider(tracerProvider) &&
    metrics.setGlobalMeterProvider(meterProvider);
  if (!registered) {
    throw new Error('OpenTelemetry is already registered in this process (one BFF may enable it)');
  }
  return {
    async shutdown() {
      // Flushes what is buffered (the last spans, the last metric interval) before exit.
      await Promise.allSettled([tracerProvider.shutdown(), meterProvider.shutdown()]);
      trace.disable();
      metrics.disable();
      context.disable();
      diag.disable();
    },
  };
}
