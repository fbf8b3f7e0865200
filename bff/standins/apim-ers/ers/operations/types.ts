/** The shape every e-RS operation of the stand-in shares. */
import type { Persona } from '../../../personas';
import type { ObjectStore } from '../object-store';
import type { ersErrors, Flavour, Outcome } from '../outcomes';
import type { ActingContext } from '../rules';

export type OperationId =
  | 'A030'
  | 'A008'
  | 'A005'
  | 'A042'
  | 'A007'
  | 'A004'
  | 'A040'
  | 'A023'
  | 'A024'
  | 'A025'
  | 'A029'
  | 'A033'
  | 'A043';

export type OperationRequest = {
  /** Path parameters captured by the operation's pattern. */
  params: string[];
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  persona: Persona;
  /** The (ODS, business function) the request acts in; absent only for A030. */
  acting: ActingContext | undefined;
  now: number;
  ersBaseUrl: string;
  errors: ReturnType<typeof ersErrors>;
  objectStore: ObjectStore;
};

/** A JSON body (sent as application/fhir+json), raw bytes, or nothing. */
export type OperationResponse = Outcome & { raw?: Buffer };

export type Operation = {
  id: OperationId;
  method: 'GET' | 'POST';
  /** Matched against the path after /referrals/FHIR. */
  pattern: RegExp;
  flavour: Flavour;
  /** Business functions the spec allows; null when no acting context is needed (A030). */
  businessFunctions: ReadonlySet<string> | null;
  /** Whether an SPCA must name whom they act for (false only where the spec has no such header). */
  onBehalfOfRequiredForSpca: boolean;
  handle(request: OperationRequest): OperationResponse | Promise<OperationResponse>;
};
