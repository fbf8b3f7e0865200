/**
 * The BFF's log and audit streams captured as parsed lines, so a test can assert what was
 * logged, what was audited, and (from `raw`) that nothing secret was written in any form.
 */
import { createAuditLogger } from '../../src/audit/audit';
import { createLogger, type Logger } from '../../src/logging/logger';

export type LogLine = Record<string, unknown>;

export type Capture = {
  /** Where a logger writes; pass it to `createLogger` or the local environment. */
  destination: { write(chunk: string): void };
  /** Every line, parsed, in the order written. */
  lines: LogLine[];
  /** Every line as written. */
  raw: string[];
};

/** A destination that keeps what is written to it. */
export function capture(): Capture {
  const lines: LogLine[] = [];
  const raw: string[] = [];
  return {
    destination: {
      write(chunk: string) {
        for (const line of chunk.split('\n').filter(Boolean)) {
          raw.push(line);
          lines.push(JSON.parse(line) as LogLine);
        }
      },
    },
    lines,
    raw,
  };
}

export type CapturedLogs = {
  log: Logger;
  audit: Logger;
  /** The operational log. */
  logs: LogLine[];
  /** The audit stream. */
  audits: LogLine[];
  /** Both streams, as written. */
  raw: string[];
};

/** An operational logger at `level` and an audit logger, each captured on its own. */
export function captureLogs(level = 'info'): CapturedLogs {
  const operational = capture();
  const audit = capture();
  const raw: string[] = [];
  const alsoRaw = (target: Capture) => ({
    write(chunk: string) {
      target.destination.write(chunk);
      raw.push(...chunk.split('\n').filter(Boolean));
    },
  });
  return {
    log: createLogger(level, alsoRaw(operational)),
    audit: createAuditLogger(alsoRaw(audit)),
    logs: operational.lines,
    audits: audit.lines,
    raw,
  };
}
