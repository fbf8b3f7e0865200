/**
 * OpenTelemetry exported in memory, for createBff's `telemetry` override with OTEL_ENABLED=true:
 * every finished span at once, and metrics collected when the test asks.
 */
import {
  AggregationTemporality,
  MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import type { TelemetryExport } from '../../src/observability/sdk';

/** Collects on demand, cumulatively: a test reads the metrics once, at the end. */
class TestMetricReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override onForceFlush = async () => {};
  protected override onShutdown = async () => {};
}

export type InMemoryTelemetry = {
  spans: InMemorySpanExporter;
  exportTo: TelemetryExport;
  collectMetrics(): Promise<ResourceMetrics>;
};

export function inMemoryTelemetry(): InMemoryTelemetry {
  const spans = new InMemorySpanExporter();
  const reader = new TestMetricReader();
  return {
    spans,
    exportTo: { spanProcessor: new SimpleSpanProcessor({ exporter: spans }), metricReader: reader },
    collectMetrics: async () => (await reader.collect()).resourceMetrics,
  };
}
