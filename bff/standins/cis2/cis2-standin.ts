/**
 * A local NHS CIS2 (ForgeRock AM) built on panva's oidc-provider: CIS2's issuer path and
 * endpoint names, CIS2 scopes and claims, PKCE required, private_key_jwt with RS512, and a
 * sign-in page that lets a tester pick a persona and, for several roles, a role.
 *
 * Test infrastructure only: production code never imports this folder.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { readBody } from '../lib/http';
import { PERSONAS, ORGANISATIONS, displayName, type Persona } from '../personas';
import { createMemoryAdapter } from './memory-adapter';
import { errorPage, personaPickerPage, rolePickerPage } from './pages';

/** CIS2's realm path, as in the INT and live issuers. */
export const CIS2_ISSUER_PATH = '/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare';

export const CIS2_SCOPES = [
  'openid',
  'profile',
  'email',
  'nhsperson',
  'associatedorgs',
  'nationalrbacaccess',
  'selectedrole',
  'changedrole',
];

const ACR_BY_AAL: Record<number, string> = { 1: 'AAL1_USERPASS', 2: 'AAL2_ANY', 3: 'AAL3_ANY' };

export type Cis2StandinOptions = {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  client: {
    clientId: string;
    redirectUri: string;
    postLogoutRedirectUri: string;
    /** The BFF's public signing key (private_key_jwt). */
    publicJwk: JWK;
    authSigningAlg: string;
    /** Where this stand-in POSTs logout tokens, as CIS2 does. */
    backchannelLogoutUri?: string;
    /** Registers the client for client_secret_post with this secret instead of private_key_jwt. */
    secret?: string;
  };
  /** Who can sign in, and their organisations' names (default: the local stand-ins' personas). */
  people?: { personas: Persona[]; organisations: Record<string, string> };
};

export type Cis2Standin = {
  issuer: string;
  server: Server;
  /** Every token value this stand-in issued, for leak checks in tests. */
  issuedTokens: Set<string>;
  /**
   * The parameters of every token request this stand-in granted (code, code_verifier,
   * client_assertion, ...), so tests can see how the client redeemed its code.
   */
  grantedTokenRequests: URLSearchParams[];
  /** The stand-in's private signing key, so tests can forge tokens CIS2 would have signed. */
  signingJwk: JWK;
  /** The `sid` of the person's latest sign-in (what the ID token carried). */
  lastSidFor(sub: string): string | undefined;
  /** Sends a back-channel logout for `sub` (and `sid`) to the client, as CIS2 does. */
  sendBackchannelLogout(sub: string, sid: string): Promise<void>;
  close(): Promise<void>;
};

/** CIS2's acr_values, and the lowest authentication assurance level each accepts. */
const MIN_AAL_FOR_ACR: Record<string, number> = {
  AAL1_USERPASS: 1,
  AAL2_ANY: 2,
  AAL2_OR_AAL3_ANY: 2,
  AAL3_ANY: 3,
};

function idTokenClaims(persona: Persona, selectedRoleId: string | undefined) {
  return {
    sub: persona.uid,
    name: displayName(persona),
    given_name: persona.givenName,
    family_name: persona.familyName,
    uid: persona.uid,
    // CIS2 sends these as strings.
    id_assurance_level: String(persona.idAssuranceLevel),
    authentication_assurance_level: String(persona.authenticationAssuranceLevel),
    ...(selectedRoleId ? { selected_roleid: selectedRoleId } : {}),
  };
}

function userinfoClaims(persona: Persona, organisations: Record<string, string>) {
  const orgCodes = [...new Set(persona.roles.map((role) => role.orgCode))];
  return {
    sub: persona.uid,
    name: displayName(persona),
    given_name: persona.givenName,
    family_name: persona.familyName,
    title: persona.title,
    email: persona.email,
    uid: persona.uid,
    nhsid_useruid: persona.uid,
    idassurancelevel: String(persona.idAssuranceLevel),
    nhsid_user_orgs: orgCodes.map((code) => ({
      org_code: code,
      org_name: organisations[code] ?? code,
    })),
    nhsid_nrbac_roles:
      persona.rawRoles ??
      persona.roles.map((role) => ({
        person_orgid: `${persona.uid}${role.orgCode}`,
        person_roleid: role.personRoleId,
        org_code: role.orgCode,
        role_name: role.roleName,
        role_code: role.roleCode,
        activity_codes: role.activityCodes,
      })),
  };
}

/**
 * oidc-provider signs ID tokens with no `typ` and no `azp`; CIS2's carry `typ: JWT` (which APIM's
 * token exchange requires) and `azp` = the client id. Re-signed here with the same key, so the
 * token still verifies against the published JWKS and every other claim (hashes, nonce) stands.
 */
async function asCis2IdToken(
  idToken: string,
  key: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'],
  kid: string,
): Promise<string> {
  const claims = decodeJwt(idToken);
  const azp = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
  return new SignJWT({ ...claims, ...(azp ? { azp } : {}) })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
    .sign(key);
}

export async function startCis2Standin(options: Cis2StandinOptions): Promise<Cis2Standin> {
  const { personas, organisations } = options.people ?? {
    personas: PERSONAS,
    organisations: ORGANISATIONS,
  };
  const findPersona = (uid: string) => personas.find((persona) => persona.uid === uid);
  const server = createServer();
  const host = options.host ?? 'localhost';
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${host}:${port}${CIS2_ISSUER_PATH}`;

  const signingKeys = await generateKeyPair('RS256', { extractable: true });
  const providerJwk = {
    ...(await exportJWK(signingKeys.privateKey)),
    kid: randomBytes(8).toString('hex'),
    alg: 'RS256',
    use: 'sig',
  };

  // The role chosen at the picker, per person. A tester signs one person in at a time.
  // The role picked at each sign-in, followed through the flow: the picker knows the request's
  // nonce, the authorization code carries the nonce and a grant id, and every later token
  // (ID token, access token for userinfo) names that grant. So two sign-ins of one person in
  // two browsers keep their own roles.
  const rolesByNonce = new Map<string, string>();
  const rolesByGrant = new Map<string, string>();
  const lastSids = new Map<string, string>();
  const issuedTokens = new Set<string>();
  const grantedTokenRequests: URLSearchParams[] = [];

  const configuration: Configuration = {
    adapter: createMemoryAdapter(),
    clients: [
      {
        client_id: options.client.clientId,
        redirect_uris: [options.client.redirectUri],
        post_logout_redirect_uris: [options.client.postLogoutRedirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code', 'refresh_token'],
        ...(options.client.secret
          ? {
              token_endpoint_auth_method: 'client_secret_post',
              client_secret: options.client.secret,
            }
          : {
              token_endpoint_auth_method: 'private_key_jwt',
              token_endpoint_auth_signing_alg: options.client.authSigningAlg as 'RS512',
            }),
        id_token_signed_response_alg: 'RS256',
        jwks: { keys: [options.client.publicJwk as never] },
        ...(options.client.backchannelLogoutUri
          ? {
              backchannel_logout_uri: options.client.backchannelLogoutUri,
              backchannel_logout_session_required: true,
            }
          : {}),
      },
    ],
    jwks: { keys: [providerJwk as never] },
    scopes: CIS2_SCOPES,
    claims: {
      openid: ['sub', 'amr', 'id_assurance_level', 'authentication_assurance_level'],
      profile: ['name', 'given_name', 'family_name', 'title', 'uid'],
      email: ['email'],
      nhsperson: ['nhsid_useruid', 'idassurancelevel'],
      associatedorgs: ['nhsid_user_orgs'],
      nationalrbacaccess: ['nhsid_nrbac_roles'],
      selectedrole: ['selected_roleid'],
      changedrole: ['selected_roleid'],
    },
    // CIS2 puts the assurance levels and the selected role in the ID token itself.
    conformIdTokenClaims: false,
    acrValues: Object.values(ACR_BY_AAL).concat('AAL2_OR_AAL3_ANY'),
    pkce: { required: () => true },
    enabledJWA: {
      clientAuthSigningAlgValues: ['RS512', 'RS256', 'PS512'],
      idTokenSigningAlgValues: ['RS256'],
    },
    routes: {
      authorization: '/authorize',
      token: '/access_token',
      userinfo: '/userinfo',
      jwks: '/connect/jwk_uri',
      end_session: '/connect/endSession',
    },
    features: {
      devInteractions: { enabled: false },
      // PingAM signs the user out without asking: the confirmation oidc-provider wants is
      // answered by the page itself.
      rpInitiatedLogout: { enabled: true, logoutSource: signOutWithoutAsking },
      backchannelLogout: { enabled: true },
      userinfo: { enabled: true },
    },
    // oidc-provider refuses requests to loopback addresses (SSRF protection), which would stop
    // back-channel logout reaching a BFF on localhost. Lifted here, in the local stand-in only.
    fetch: (input, init) => {
      // Drop oidc-provider's dispatcher: it is the agent that refuses loopback addresses.
      const { dispatcher, ...rest } = (init ?? {}) as RequestInit & {
        dispatcher?: unknown;
      };
      return fetch(input, { ...rest, signal: AbortSignal.timeout(2500) });
    },
    // The stand-in's own page for a refused request, so oidc-provider prints no notice about
    // its default one.
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = errorPage(out);
    },
    interactions: {
      url: (_ctx: KoaContextWithOIDC, interaction) =>
        `${CIS2_ISSUER_PATH}/interaction/${interaction.uid}`,
    },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    ttl: {
      IdToken: 3600,
      AccessToken: 3600,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 43_200,
      Grant: 43_200,
      // Set, so oidc-provider does not print a notice at the first sign-in. CIS2 publishes no
      // refresh token lifetime; a refresh token cannot outlive its grant, so the grant's it is.
      RefreshToken: 43_200,
    },
    // Refresh tokens for clients registered for them, rotated on every use: a reused one is
    // refused and the grant revoked, as rotating authorization servers do.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: () => true,
    // CIS2 shows no consent screen: the organisation agreed on the user's behalf.
    async loadExistingGrant(ctx) {
      const { client, session, params } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grant = new ctx.oidc.provider.Grant({
        clientId: client.clientId,
        accountId: session.accountId,
      });
      grant.addOIDCScope(String(params?.scope ?? 'openid'));
      await grant.save();
      return grant;
    },
    async findAccount(_ctx, id, token) {
      const persona = findPersona(id);
      if (!persona) return undefined;
      const grantId = (token as { grantId?: string } | undefined)?.grantId;
      const roleId = grantId ? rolesByGrant.get(grantId) : undefined;
      return {
        accountId: id,
        async claims(use) {
          return use === 'id_token'
            ? idTokenClaims(persona, roleId)
            : { ...userinfoClaims(persona, organisations), ...idTokenClaims(persona, roleId) };
        },
      };
    },
  };

  const provider = new Provider(issuer, configuration);
  // CIS2 (ForgeRock) answers a bad client assertion with this description; integrators search
  // for it (NHS developer community threads), so the stand-in says the same.
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as
      { error?: string; error_description?: string; id_token?: string } | undefined;
    if (ctx.path === '/access_token' && body?.error === 'invalid_client') {
      body.error_description = 'JWT is not valid';
    }
    if (ctx.path === '/access_token' && typeof body?.id_token === 'string') {
      body.id_token = await asCis2IdToken(body.id_token, signingKeys.privateKey, providerJwk.kid);
    }
  });
  // PingAM's end-session endpoint requires id_token_hint (oidc-provider would ask the user
  // instead); a hint it did not issue is refused by oidc-provider's own checks.
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/connect/endSession' && ctx.oidc?.params && !ctx.oidc.params.id_token_hint) {
      ctx.status = 400;
      ctx.type = 'application/json';
      ctx.body = { error: 'invalid_request', error_description: 'id_token_hint is required' };
    }
  });
  provider.on('grant.success', (ctx) => {
    const params = Object.entries(ctx.oidc.params ?? {}).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    );
    grantedTokenRequests.push(new URLSearchParams(params));
  });
  provider.on('access_token.saved', (token) => issuedTokens.add(token.jti));
  provider.on('refresh_token.saved', (token) => issuedTokens.add(token.jti));
  provider.on('authorization_code.saved', (code) => {
    if (code.accountId && code.sid) lastSids.set(code.accountId, code.sid);
    const roleId = code.nonce ? rolesByNonce.get(code.nonce) : undefined;
    if (roleId && code.grantId) {
      rolesByNonce.delete(code.nonce!);
      rolesByGrant.set(code.grantId, roleId);
    }
  });
  provider.on('server_error', (_ctx, error) => console.error('[cis2-standin] server_error', error));
  const callback = provider.callback();

  async function handleInteraction(req: IncomingMessage, res: ServerResponse, path: string) {
    const details = await provider.interactionDetails(req, res);
    const uid = details.uid;
    const base = `${CIS2_ISSUER_PATH}/interaction/${uid}`;

    if (req.method === 'GET' && path === `/interaction/${uid}`) {
      return sendPage(res, personaPickerPage(base, personas));
    }
    if (
      req.method === 'POST' &&
      (path === `/interaction/${uid}/login` || path === `/interaction/${uid}/role`)
    ) {
      const form = new URLSearchParams(await readBody(req));
      const persona = findPersona(form.get('uid') ?? '');
      if (!persona) {
        return sendPage(res, personaPickerPage(base, personas, 'Choose a test user.'), 400);
      }

      // acr_values: CIS2 will not sign someone in with an authenticator weaker than asked for.
      const requestedAcr = String(details.params.acr_values ?? 'AAL2_OR_AAL3_ANY').split(' ');
      const minimum = Math.min(...requestedAcr.map((acr) => MIN_AAL_FOR_ACR[acr] ?? 3));
      if (persona.authenticationAssuranceLevel < minimum) {
        return provider.interactionFinished(
          req,
          res,
          {
            error: 'unmet_authentication_requirements',
            error_description: `AAL${persona.authenticationAssuranceLevel} does not meet ${requestedAcr.join(' ')}`,
          },
          { mergeWithLastSubmission: false },
        );
      }

      const scopes = String(details.params.scope ?? '').split(' ');
      const wantsRole = scopes.includes('selectedrole') || scopes.includes('changedrole');
      let roleId = form.get('roleId') ?? undefined;
      if (wantsRole && !roleId && persona.roles.length > 1 && !persona.skipsRolePicker) {
        return sendPage(res, rolePickerPage(base, persona, organisations));
      }
      if (roleId && !persona.roles.some((role) => role.personRoleId === roleId)) {
        return sendPage(
          res,
          rolePickerPage(base, persona, organisations, 'Select one of your roles.'),
          400,
        );
      }
      if (wantsRole && !roleId && persona.roles.length === 1 && !persona.skipsRolePicker) {
        roleId = persona.roles[0]?.personRoleId;
      }
      const nonce = details.params.nonce;
      if (roleId && typeof nonce === 'string') rolesByNonce.set(nonce, roleId);

      return provider.interactionFinished(
        req,
        res,
        {
          login: {
            accountId: persona.uid,
            acr: ACR_BY_AAL[persona.authenticationAssuranceLevel] ?? 'AAL1_USERPASS',
            amr: persona.amr,
          },
        },
        { mergeWithLastSubmission: false },
      );
    }
    res.writeHead(404).end();
  }

  server.on('request', (req, res) => {
    const url = req.url ?? '/';
    if (!url.startsWith(CIS2_ISSUER_PATH)) {
      res.writeHead(404).end();
      return;
    }
    const path = url.slice(CIS2_ISSUER_PATH.length) || '/';
    if (path.startsWith('/interaction/')) {
      handleInteraction(req, res, path.split('?')[0] ?? path).catch((error: unknown) => {
        console.error('[cis2-standin] interaction failed', error);
        if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(
          'This sign-in has expired or is not valid. Go back to the service and sign in again.',
        );
      });
      return;
    }
    // RP-Initiated Logout 1.0 §2 lets the RP POST the form to the end-session endpoint.
    // oidc-provider takes POSTs there only with SameSite=None session cookies, so the form is
    // handed to it as the GET it is equivalent to.
    if (req.method === 'POST' && path === '/connect/endSession') {
      if (!req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'invalid_request' }));
        return;
      }
      readBody(req).then(
        (body) => {
          req.method = 'GET';
          Object.assign(req, { originalUrl: `${CIS2_ISSUER_PATH}${path}?${body}` });
          req.url = `${path}?${body}`;
          void callback(req, res);
        },
        () => res.writeHead(413).end(),
      );
      return;
    }
    // oidc-provider finds its mount path from originalUrl, as under Express.
    Object.assign(req, { originalUrl: url });
    req.url = path;
    void callback(req, res);
  });

  return {
    issuer,
    server,
    issuedTokens,
    grantedTokenRequests,
    signingJwk: providerJwk,
    lastSidFor: (sub) => lastSids.get(sub),
    async sendBackchannelLogout(sub, sid) {
      const client = await provider.Client.find(options.client.clientId);
      if (!client) throw new Error('client not registered');
      // Typed as unknown in @types/oidc-provider; it is the method CIS2-style logout uses.
      const withLogout = client as unknown as {
        backchannelLogout(sub: string, sid: string): Promise<void>;
      };
      await withLogout.backchannelLogout(sub, sid);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** oidc-provider's logout confirmation, confirmed at once (`form` is its form, with the xsrf). */
function signOutWithoutAsking(ctx: KoaContextWithOIDC, form: string) {
  ctx.body = `<!doctype html><html lang="en"><head><title>Signing out</title></head><body>
${form}
<input type="hidden" form="op.logoutForm" name="logout" value="yes">
<button type="submit" form="op.logoutForm">Sign out</button>
<script>document.getElementById('op.logoutForm').submit();</script>
</body></html>`;
}

function sendPage(res: ServerResponse, html: string, status = 200) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(html);
}
