import * as oauth from 'oauth4webapi';
import type { SigningKey } from '../config/signing-key';

/**
 * private_key_jwt as CIS2 wants it: `aud` is the token endpoint exactly as discovery gives it
 * (oauth4webapi defaults to the issuer), and the header carries `typ: JWT`.
 */
export function privateKeyJwt(key: SigningKey): oauth.ClientAuth {
  return (as, client, body, headers) =>
    oauth.PrivateKeyJwt(
      { key: key.privateKey, kid: key.kid },
      {
        [oauth.modifyAssertion](header, payload) {
          header.typ = 'JWT';
          payload.aud = as.token_endpoint;
        },
      },
    )(as, client, body, headers);
}
