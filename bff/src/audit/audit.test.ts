/**
 * The audit trail writes one event per retrieval at `info` whatever else is logged, and nothing
 * when the stream is off (`silent`, which only tests use).
 */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger';
import { auditLoggerFor, createAuditTrail } from './audit';

const EVENT = {
  operation: 'A005',
  interaction: 'read',
  sub: '555032006106',
  userName: 'Dr Priya Shah',
  roleId: '555032008102',
  odsCode: 'RCD',
  businessFunction: 'SERVICE_PROVIDER_CLINICIAN',
  outcome: 'ok',
  result: 'success',
  correlationId: 'c-1',
  ubrn: '000000070000',
} as const;

function trailOver(level: string) {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger(level, {
    write: (line: string) => {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  });
  return {
    trail: createAuditTrail(auditLoggerFor(log), () => Date.UTC(2025, 0, 2, 3, 4, 5)),
    lines,
  };
}

describe('the audit trail', () => {
  it.each(['info', 'error'])('records each retrieval when the log level is %s', (level) => {
    const { trail, lines } = trailOver(level);
    trail.retrieval(EVENT);
    expect(lines).toEqual([
      expect.objectContaining({
        ...EVENT,
        stream: 'audit',
        audit: 'ers_retrieval',
        recorded: '2025-01-02T03:04:05.000Z',
      }),
    ]);
  });

  it('writes nothing when the stream is off', () => {
    const { trail, lines } = trailOver('silent');
    trail.retrieval(EVENT);
    expect(lines).toEqual([]);
  });
});
