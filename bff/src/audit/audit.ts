/**
 * The audit trail of e-RS retrievals: one event per retrieval the BFF serves (or refuses), on a
 * log stream of its own (`stream: "audit"`), shaped so each event maps onto a FHIR R4
 * AuditEvent (see `toFhirAuditEvent`):
 *
 *   who        sub (CIS2 subject), userName                 -> agent[requestor].who / name
 *   acting as  roleId, odsCode, businessFunction,
 *              onBehalfOfUserId                              -> agent.role, agent.location,
 *                                                               agent[on-behalf-of]
 *   what       operation (A005, A042...), interaction (read,
 *              vread, search-type, operation), ubrn,
 *              version, attachmentId, listType, codeSystem   -> subtype, action, entity[]
 *   outcome    result success|failure, problemCode, and
 *              outcome (the gateway's outcome kind)          -> outcome, outcomeDesc
 *   ids        correlationId, ersRequestId                   -> entity[transaction]
 *   when       recorded                                      -> recorded
 *
 * Never the NHS number, never any content of a referral or file: a UBRN or attachment id says
 * what was read; the record itself stays in e-RS.
 *
 * A PDS retrieval for the patient banner (`pds_retrieval`) has the same shape: operation
 * `GET /Patient`, the UBRN whose patient it was, the outcome, and PDS's echo of our X-Request-ID
 * (`pdsRequestId`); never the NHS number or anything PDS said about the patient.
 */
import type { BusinessFunction } from '@ers/shared/bff-contract';
import type { ProblemCode } from '@ers/shared/problem';
import { createLogger, type Logger } from '../logging/logger';

/** The FHIR RESTful interaction (http://hl7.org/fhir/restful-interaction) a retrieval was. */
export type FhirInteraction = 'read' | 'vread' | 'search-type' | 'operation';

export type AuditWhat = {
  ubrn?: string;
  version?: string;
  attachmentId?: string;
  listType?: string;
  codeSystem?: string;
  serviceId?: string;
};

export type RetrievalAuditEvent = {
  audit: 'ers_retrieval' | 'pds_retrieval';
  /** ISO 8601, when the BFF answered. */
  recorded: string;
  /** The e-RS operation id from its API specification: A005, A042... */
  operation: string;
  interaction: FhirInteraction;
  sub: string;
  userName: string;
  roleId: string;
  /** The acting context; absent before one is established (A030 is how it is found). */
  odsCode?: string;
  businessFunction?: BusinessFunction;
  onBehalfOfUserId?: string;
  /**
   * The gateway's outcome: `ok`, an e-RS outcome kind (`not_found`, `no_relationship`...), or
   * `refused` when the BFF said no before asking e-RS.
   */
  outcome: string;
  result: 'success' | 'failure';
  problemCode?: ProblemCode;
  /** Served from the BFF's cache (reference data) without asking e-RS. */
  cached?: boolean;
  correlationId: string;
  ersRequestId?: string;
  /** PDS: the X-Request-ID we sent, as PDS echoed it. */
  pdsRequestId?: string;
} & AuditWhat;

type AuditInput = Omit<RetrievalAuditEvent, 'audit' | 'recorded'>;

export type AuditTrail = {
  retrieval(event: AuditInput): void;
  /** One PDS retrieval (the patient banner): operation `GET /Patient`. */
  pdsRetrieval(event: AuditInput): void;
};

export function createAuditTrail(logger: Logger, now: () => number = Date.now): AuditTrail {
  function record(audit: RetrievalAuditEvent['audit'], event: AuditInput, message: string) {
    // Only `silent` turns the audit stream off (see auditLoggerFor): then nothing is built.
    if (!logger.isLevelEnabled('info')) return;
    const entry: RetrievalAuditEvent = { audit, recorded: new Date(now()).toISOString(), ...event };
    logger.info(entry, message);
  }
  return {
    retrieval: (event) => record('ers_retrieval', event, 'e-RS retrieval'),
    pdsRetrieval: (event) => record('pds_retrieval', event, 'PDS retrieval'),
  };
}

/**
 * The default audit stream: the application's own log destination (stdout in production),
 * every line tagged `stream: "audit"` for the log shipper to route. It records at `info`
 * whatever LOG_LEVEL says, except `silent`, which tests use to mean "write nothing at all".
 */
export function auditLoggerFor(log: Logger): Logger {
  return log.child({ stream: 'audit' }, { level: log.level === 'silent' ? 'silent' : 'info' });
}

/** An audit stream on a destination of its own (a file, a socket, a test's array). */
export function createAuditLogger(destination?: Parameters<typeof createLogger>[1]): Logger {
  return createLogger('info', destination).child({ stream: 'audit' });
}

const BALP_ENTITY = 'http://hl7.org/fhir/uv/ihe-balp/CodeSystem/BasicAuditEntityType';
const RESTFUL = 'http://hl7.org/fhir/restful-interaction';

type Coding = { system: string; code: string; display?: string };

/** The part of FHIR R4 AuditEvent this mapping fills (field names as in the specification). */
export type FhirAuditEvent = {
  resourceType: 'AuditEvent';
  type: Coding;
  subtype: Coding[];
  action: 'R' | 'E';
  recorded: string;
  /** 0 success, 4 minor failure (refused), 8 serious failure. */
  outcome: '0' | '4' | '8';
  outcomeDesc?: string;
  agent: {
    who: { identifier: { system: string; value: string } };
    name?: string;
    requestor: boolean;
    role?: { coding: Coding[] }[];
    location?: { identifier: { system: string; value: string } };
  }[];
  source: { observer: { display: string } };
  entity: {
    what: { reference?: string; identifier?: { value: string } };
    type?: Coding;
    name?: string;
  }[];
};

/**
 * How an audit event maps onto a FHIR R4 AuditEvent (IHE Basic Audit Log Patterns where they
 * apply), for a SIEM or an NHS audit store to ingest.
 */
export function toFhirAuditEvent(event: RetrievalAuditEvent): FhirAuditEvent {
  const { interaction } = event;
  const references: (string | undefined)[] = [
    event.ubrn &&
      `ReferralRequest/${event.ubrn}${event.version ? `/_history/${event.version}` : ''}`,
    event.attachmentId && `Binary/${event.attachmentId}`,
    event.codeSystem && `CodeSystem/${event.codeSystem}`,
  ];
  const transactions: [string, string | undefined][] = [
    ['X-Correlation-ID', event.correlationId],
    ['e-RS X-Request-ID', event.ersRequestId],
    ['PDS X-Request-ID', event.pdsRequestId],
  ];
  return {
    resourceType: 'AuditEvent',
    type: {
      system: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
      code: 'rest',
      display: 'RESTful Operation',
    },
    subtype: [
      { system: RESTFUL, code: interaction },
      {
        system:
          event.audit === 'pds_retrieval'
            ? 'https://digital.nhs.uk/developer/api-catalogue/personal-demographics-service-fhir'
            : 'https://digital.nhs.uk/services/e-referral-service/api',
        code: event.operation,
      },
    ],
    action: interaction === 'operation' ? 'E' : 'R',
    recorded: event.recorded,
    outcome: event.result === 'success' ? '0' : event.outcome === 'refused' ? '4' : '8',
    ...(event.problemCode ? { outcomeDesc: event.problemCode } : {}),
    agent: [
      {
        who: { identifier: { system: 'https://fhir.nhs.uk/Id/cis2-sub', value: event.sub } },
        name: event.userName,
        requestor: true,
        role: [
          {
            coding: [
              { system: 'https://fhir.nhs.uk/Id/nrbac-role-profile-id', code: event.roleId },
              ...(event.businessFunction
                ? [
                    {
                      system: 'https://fhir.nhs.uk/CodeSystem/eRS-BusinessFunction-1',
                      code: event.businessFunction,
                    },
                  ]
                : []),
            ],
          },
        ],
        ...(event.odsCode
          ? {
              location: {
                identifier: {
                  system: 'https://fhir.nhs.uk/Id/ods-organization-code',
                  value: event.odsCode,
                },
              },
            }
          : {}),
      },
      ...(event.onBehalfOfUserId
        ? [
            {
              who: {
                identifier: {
                  system: 'https://fhir.nhs.uk/Id/sds-user-id',
                  value: event.onBehalfOfUserId,
                },
              },
              name: 'acted on behalf of',
              requestor: false,
            },
          ]
        : []),
    ],
    source: { observer: { display: 'ers-bff' } },
    entity: [
      ...references.flatMap((reference) => (reference ? [{ what: { reference } }] : [])),
      ...(event.listType
        ? [{ what: { identifier: { value: event.listType } }, name: 'listType' }]
        : []),
      ...transactions.flatMap(([name, value]) =>
        value
          ? [
              {
                what: { identifier: { value } },
                type: { system: BALP_ENTITY, code: 'XrequestId' },
                name,
              },
            ]
          : [],
      ),
    ],
  };
}
