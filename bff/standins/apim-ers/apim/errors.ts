/**
 * APIM's OAuth error bodies, word for word from NHSDigital/identity-service-api:
 * `{error, error_description, message_id}` with the status APIM uses for each.
 */
import { randomUUID } from 'node:crypto';

export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }

  body() {
    return { error: this.error, error_description: this.description, message_id: messageId() };
  }
}

/** Apigee's message ids look like `rrt-<digits>-<letters>-<n>`; any unique string will do here. */
export const messageId = () => `rrt-${randomUUID()}`;

type Entry = readonly [status: number, error: string, description: string];

export const E = {
  // Request shape.
  contentType: [
    415,
    'invalid_request',
    'Content-Type header must be application/x-www-form-urlencoded',
  ],
  grantType: [400, 'invalid_request', 'grant_type is invalid'],
  subjectTokenType: [
    400,
    'invalid_request',
    "missing or invalid subject_token_type - must be 'urn:ietf:params:oauth:token-type:id_token'",
  ],
  clientAssertionType: [
    400,
    'invalid_request',
    "Missing or invalid client_assertion_type - must be 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'",
  ],
  // Client assertion.
  missingAssertion: [400, 'invalid_request', 'Missing client_assertion'],
  malformedAssertion: [400, 'invalid_request', 'Malformed JWT in client_assertion'],
  assertionKidMissing: [400, 'invalid_request', "Missing 'kid' header in client_assertion JWT"],
  assertionTyp: [
    400,
    'invalid_request',
    "Invalid 'typ' header in client_assertion JWT - must be 'JWT'",
  ],
  assertionAlg: [
    400,
    'invalid_request',
    "Invalid 'alg' header in client_assertion JWT - unsupported JWT algorithm - must be 'RS512'",
  ],
  assertionIssSubMissing: [
    400,
    'invalid_request',
    "Missing or non-matching 'iss'/'sub' claims in client_assertion JWT",
  ],
  assertionIssSubUnknown: [
    401,
    'invalid_request',
    "Invalid 'iss'/'sub' claims in client_assertion JWT",
  ],
  assertionJtiMissing: [400, 'invalid_request', "Missing 'jti' claim in client_assertion JWT"],
  assertionJtiInvalid: [
    400,
    'invalid_request',
    "Invalid 'jti' claim in client_assertion JWT - must be a unique string value such as a GUID",
  ],
  assertionJtiReused: [400, 'invalid_request', "Non-unique 'jti' claim in client_assertion JWT"],
  assertionAud: [401, 'invalid_request', "Missing or invalid 'aud' claim in client_assertion JWT"],
  assertionExpMissing: [400, 'invalid_request', "Missing 'exp' claim in client_assertion JWT"],
  assertionExpTooLong: [
    400,
    'invalid_request',
    "Invalid 'exp' claim in client_assertion JWT - more than 5 minutes in future",
  ],
  assertionExpNotInteger: [
    400,
    'invalid_request',
    "Invalid 'exp' claim in client_assertion JWT - must be an integer",
  ],
  assertionExpired: [
    400,
    'invalid_request',
    "Invalid 'exp' claim in client_assertion JWT - JWT has expired",
  ],
  assertionKidUnknown: [
    401,
    'invalid_request',
    "Invalid 'kid' header in client_assertion JWT - no matching public key",
  ],
  signature: [401, 'public_key error', 'JWT signature verification failed'],
  jwksUnreachable: [
    403,
    'public_key error',
    "The JWKS endpoint, for your client_assertion can't be reached",
  ],
  noPublicKey: [
    403,
    'public_key error',
    'You need to register a public key to use this authentication method - please contact support to configure',
  ],
  // Subject token.
  missingSubjectToken: [400, 'invalid_request', 'Missing subject_token'],
  malformedSubjectToken: [400, 'invalid_request', 'Malformed JWT in subject_token'],
  subjectKidMissing: [400, 'invalid_request', "Missing 'kid' header in subject_token JWT"],
  subjectTyp: [400, 'invalid_request', "Invalid 'typ' header in subject_token JWT - must be 'JWT'"],
  subjectAlgMissing: [400, 'invalid_request', "Missing 'alg' header in subject_token JWT"],
  subjectExpMissing: [400, 'invalid_request', "Missing 'exp' claim in subject_token JWT"],
  subjectExpNotInteger: [
    400,
    'invalid_request',
    "Invalid 'exp' claim in subject_token JWT - must be an integer",
  ],
  subjectExpired: [
    400,
    'invalid_request',
    "Invalid 'exp' claim in subject_token JWT - JWT has expired",
  ],
  subjectIssMissing: [400, 'invalid_request', "Missing 'iss' claim in subject_token JWT"],
  subjectIssMismatch: [
    400,
    'invalid_request',
    "Missing or non-matching 'iss' claim in subject_token JWT",
  ],
  subjectAudMissing: [401, 'invalid_request', "Missing 'aud' claim in subject_token JWT"],
  subjectKidUnknown: [
    401,
    'invalid_request',
    "Invalid 'kid' header in subject_token JWT - no matching public key",
  ],
  noUserRestrictedScope: [
    401,
    'unauthorized_client',
    'you have tried to request authorization but your application is not configured to use this authorization grant type',
  ],
  // Refresh.
  refreshInvalid: [401, 'invalid_grant', 'refresh_token is invalid'],
  refreshExpired: [401, 'invalid_grant', 'refresh token refresh period has expired'],
  refreshMissing: [400, 'invalid_request', 'refresh_token is missing'],
  clientSecretMissing: [401, 'invalid_request', 'client_secret is missing'],
  clientInvalid: [401, 'invalid_client', 'client_id or client_secret is invalid'],
} as const satisfies Record<string, Entry>;

export type ErrorName = keyof typeof E;

export function fail(name: ErrorName): never {
  const [status, error, description] = E[name];
  throw new OAuthError(status, error, description);
}

/** APIM's catch-all, for unexpected failures and injected faults. */
export const CATCH_ALL = {
  error: 'unknown_error',
  error_description:
    'An unknown error occurred processing this request. Contact us for assistance diagnosing this issue: https://digital.nhs.uk/developer/help-and-support quoting Message ID',
} as const;
