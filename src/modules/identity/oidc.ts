import { and, asc, eq, sql } from 'drizzle-orm';
import * as client from 'openid-client';
import { writeAudit } from '../../platform/audit/index.ts';
import { type Actor, authorizeTenantWide } from '../../platform/authz.ts';
import { type Db, isUuid, newId, ofTenant } from '../../platform/db/index.ts';
import { ValidationError } from '../../platform/http/errors.ts';
import {
  checkOutboundUrl,
  guardedFetch,
  internalHostAllowed,
  OutboundError,
  type OutboundPolicy,
} from '../../platform/http/outbound.ts';
import { safeEqual } from '../../platform/http/security.ts';
import { installationKey, SecretKeyError, seal, unseal } from '../../platform/secrets/sealed.ts';
import { addMembership, listMemberships, type Role } from '../access/index.ts';
import { getTenant, type Tenant } from '../tenancy/index.ts';
import { newToken, sha256 } from './crypto.ts';
import { oidcIdentities, oidcProviders } from './db/schema.ts';
import { emailSchema, isRole } from './invitations.ts';
import { PERMS } from './policies.ts';
import { consumeToken, issueToken, peekToken } from './tokens.ts';
import { createUser, findUserByEmail, getUser, markEmailVerified, type User } from './users.ts';

export type OidcProvider = typeof oidcProviders.$inferSelect;

/** The provider as screens may show it: never the client secret. */
export type OidcProviderSummary = Omit<OidcProvider, 'clientSecret'>;

const SCOPE = 'openid email profile';
const CONFIG_TTL_MS = 10 * 60_000;

export const callbackUrl = (baseUrl: string) => `${baseUrl.replace(/\/$/, '')}/sso/callback`;

/**
 * Plain http only for an internal issuer the operator allowed (`OUTBOUND_ALLOW_HOSTS`, or
 * `OUTBOUND_ALLOW_PRIVATE` in development); everywhere else https.
 */
export function isAllowedHttp(url: URL, outbound: OutboundPolicy): boolean {
  return url.protocol === 'http:' && internalHostAllowed(outbound, url.hostname);
}

/**
 * Every request to a provider (discovery, keys, token, userinfo) goes through the platform's
 * guarded fetch: no internal addresses unless allowed, also not after DNS; 10 s, 1 MB.
 */
const providerFetch = (outbound: OutboundPolicy) =>
  guardedFetch(outbound, { timeoutMs: 10_000, maxBytes: 1024 * 1024 }) as client.CustomFetch;

const summary = {
  tenantId: oidcProviders.tenantId,
  id: oidcProviders.id,
  name: oidcProviders.name,
  issuer: oidcProviders.issuer,
  clientId: oidcProviders.clientId,
  autoProvisionRole: oidcProviders.autoProvisionRole,
  enabled: oidcProviders.enabled,
  createdAt: oidcProviders.createdAt,
};

export async function listProviders(
  db: Db,
  tenantId: string,
  opts: { enabledOnly?: boolean } = {},
): Promise<OidcProviderSummary[]> {
  return db
    .select(summary)
    .from(oidcProviders)
    .where(
      and(ofTenant(oidcProviders, tenantId), opts.enabledOnly ? eq(oidcProviders.enabled, true) : undefined),
    )
    .orderBy(asc(oidcProviders.name));
}

export async function getProvider(db: Db, tenantId: string, id: string): Promise<OidcProvider | undefined> {
  if (!isUuid(id)) return undefined;
  const [p] = await db
    .select()
    .from(oidcProviders)
    .where(and(ofTenant(oidcProviders, tenantId), eq(oidcProviders.id, id)))
    .limit(1);
  return p;
}

export interface ProviderInput {
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  autoProvisionRole?: string | null;
}

/**
 * Adds a provider to the actor's tenant (a tenant-level setting: only who manages sign-in for the
 * whole tenant); field problems come back as a ValidationError with translation keys.
 */
export async function createProvider(
  actor: Actor,
  db: Db,
  input: ProviderInput,
  outbound: OutboundPolicy,
): Promise<OidcProviderSummary> {
  authorizeTenantWide(actor, PERMS.sso);
  const tenantId = actor.tenantId;
  const name = input.name.trim();
  const issuer = input.issuer.trim().replace(/\/$/, '');
  const clientId = input.clientId.trim();
  const clientSecret = input.clientSecret.trim();
  const role = input.autoProvisionRole || null;
  const fields: Record<string, string> = {};
  if (!name) fields.name = 'validation.required';
  else if (name.length > 100) fields.name = 'validation.tooLong';
  if (!issuer) fields.issuer = 'validation.required';
  else {
    let url: URL | undefined;
    try {
      url = new URL(issuer);
    } catch {
      url = undefined;
    }
    if (!url || url.search || url.hash || !(url.protocol === 'https:' || isAllowedHttp(url, outbound)))
      fields.issuer = 'identity:sso.admin.issuerInvalid';
    else {
      try {
        checkOutboundUrl(url, outbound);
      } catch (err) {
        if (!(err instanceof OutboundError)) throw err;
        fields.issuer =
          err.code === 'address_refused'
            ? 'identity:sso.admin.issuerRefused'
            : 'identity:sso.admin.issuerInvalid';
      }
    }
  }
  if (!clientId) fields.clientId = 'validation.required';
  else if (clientId.length > 300) fields.clientId = 'validation.tooLong';
  if (!clientSecret) fields.clientSecret = 'validation.required';
  else if (clientSecret.length > 1000) fields.clientSecret = 'validation.tooLong';
  if (role && !isRole(role)) fields.autoProvisionRole = 'validation.choice';
  // The secret is stored sealed under the installation's key (never in plain text); without a key
  // (PostgreSQL without SECRET_KEY) the provider cannot be added, and the message says why.
  let sealed = '';
  if (!fields.clientSecret) {
    try {
      sealed = seal(installationKey(), clientSecret);
    } catch (err) {
      if (!(err instanceof SecretKeyError)) throw err;
      fields.clientSecret = 'identity:sso.admin.secretKeyMissing';
    }
  }
  if (Object.keys(fields).length) throw new ValidationError(fields);
  const [row] = await db
    .insert(oidcProviders)
    .values({ tenantId, id: newId(), name, issuer, clientId, clientSecret: sealed, autoProvisionRole: role })
    .returning(summary);
  return row;
}

/** Switches a provider of the actor's tenant on or off (tenant-level, like adding one); false if unknown. */
export async function setProviderEnabled(
  actor: Actor,
  db: Db,
  id: string,
  enabled: boolean,
): Promise<boolean> {
  authorizeTenantWide(actor, PERMS.sso);
  const tenantId = actor.tenantId;
  if (!isUuid(id)) return false;
  const r = await db
    .update(oidcProviders)
    .set({ enabled })
    .where(and(ofTenant(oidcProviders, tenantId), eq(oidcProviders.id, id)))
    .returning({ id: oidcProviders.id });
  return r.length > 0;
}

/**
 * The provider's client secret, opened with the installation's key. A secret stored in plain text
 * before sealing existed is sealed now (upgrade path). A secret this server cannot open — another
 * SECRET_KEY or key file, e.g. after a restore on another server — is a SecretKeyError saying so.
 */
export async function providerSecret(db: Db, p: OidcProvider): Promise<string> {
  const key = installationKey();
  const { value, legacy } = unseal(key, p.clientSecret);
  if (legacy && key)
    await db
      .update(oidcProviders)
      .set({ clientSecret: seal(key, value) })
      .where(
        and(
          ofTenant(oidcProviders, p.tenantId),
          eq(oidcProviders.id, p.id),
          eq(oidcProviders.clientSecret, p.clientSecret),
        ),
      );
  return value;
}

// Discovery results per provider setting, so a sign-in costs one discovery per ten minutes, not two.
const configs = new Map<string, { at: number; config: client.Configuration }>();

async function clientConfig(
  db: Db,
  stored: OidcProvider,
  outbound: OutboundPolicy,
): Promise<client.Configuration> {
  const p = { ...stored, clientSecret: await providerSecret(db, stored) };
  const key = sha256(
    `${p.tenantId}\n${p.id}\n${p.issuer}\n${p.clientId}\n${p.clientSecret}\n${JSON.stringify(outbound)}`,
  );
  const cached = configs.get(key);
  if (cached && Date.now() - cached.at < CONFIG_TTL_MS) return cached.config;
  const issuer = new URL(p.issuer);
  const insecure = isAllowedHttp(issuer, outbound);
  const guarded = providerFetch(outbound);
  const options: client.DiscoveryRequestOptions = {
    timeout: 10,
    [client.customFetch]: guarded,
    ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
  };
  const discovered = await client.discovery(issuer, p.clientId, p.clientSecret, undefined, options);
  // client_secret_basic is the OAuth default most providers register clients with; post only if basic is not offered.
  const methods = discovered.serverMetadata().token_endpoint_auth_methods_supported;
  const auth =
    !methods || methods.includes('client_secret_basic')
      ? client.ClientSecretBasic(p.clientSecret)
      : client.ClientSecretPost(p.clientSecret);
  const config = new client.Configuration(discovered.serverMetadata(), p.clientId, p.clientSecret, auth);
  config[client.customFetch] = guarded;
  if (insecure) client.allowInsecureRequests(config);
  config.timeout = 10;
  configs.set(key, { at: Date.now(), config });
  return config;
}

interface StateData {
  providerId: string;
  nonce: string;
  verifier: string;
  /** SHA-256 of the random value in the browser's q_sso cookie: the answer must come back to the same browser. */
  browser: string;
}

/**
 * Starts a sign-in at the tenant's provider. State, nonce and PKCE verifier stay on the server (an
 * auth_tokens row whose token is the `state`); the browser gets only the binding key for its cookie.
 */
export async function startSso(
  db: Db,
  input: {
    tenantId: string;
    provider: OidcProvider;
    baseUrl: string;
    browserKey: string;
    outbound: OutboundPolicy;
  },
): Promise<URL> {
  const config = await clientConfig(db, input.provider, input.outbound);
  const verifier = client.randomPKCECodeVerifier();
  const nonce = client.randomNonce();
  const data: StateData = {
    providerId: input.provider.id,
    nonce,
    verifier,
    browser: sha256(input.browserKey),
  };
  const state = await issueToken(db, {
    purpose: 'oidc_state',
    email: '',
    tenantId: input.tenantId,
    data: { ...data },
  });
  return client.buildAuthorizationUrl(config, {
    redirect_uri: callbackUrl(input.baseUrl),
    scope: SCOPE,
    response_type: 'code',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
}

export const newBrowserKey = () => newToken(24);

export type SsoFailure =
  /** Missing, unknown, used or expired state, or a state started in another browser. */
  | 'state'
  /** The provider was removed or disabled meanwhile. */
  | 'provider'
  /** The provider answered with an error (e.g. the person cancelled). */
  | 'idp_error'
  /** Code exchange or token validation failed. */
  | 'exchange'
  | 'no_email'
  /** No account with a membership here and no automatic accounts. */
  | 'no_account'
  /** An account with the address exists but is not a member here: it must be invited. */
  | 'account_exists'
  | 'disabled';

export type SsoResult =
  | { ok: true; user: User; tenant: Tenant; provisioned: boolean }
  | { ok: false; reason: SsoFailure; tenant?: Tenant };

async function hasMembership(db: Db, tenantId: string, userId: string): Promise<boolean> {
  return (await listMemberships(db, tenantId, { userId })).length > 0;
}

/**
 * Completes a sign-in: checks state and browser, exchanges the code (PKCE, nonce), reads the claims and
 * finds the account — by linked identity, else by address among the tenant's members, else creates
 * one if the provider provisions accounts. The identity is linked on success.
 */
export async function finishSso(
  db: Db,
  input: {
    query: URLSearchParams;
    browserKey: string | undefined;
    baseUrl: string;
    outbound: OutboundPolicy;
    ip?: string | null;
    log?: { warn(o: object, m: string): void };
  },
): Promise<SsoResult> {
  const state = input.query.get('state');
  if (!state || !input.browserKey) return { ok: false, reason: 'state' };
  // Checked before the state is used up: an answer opened in a foreign browser must not spoil the real one.
  const pending = await peekToken(db, 'oidc_state', state);
  const data = pending?.data as Partial<StateData> | undefined;
  if (
    !pending ||
    !data?.browser ||
    !data.providerId ||
    !data.verifier ||
    !data.nonce ||
    !safeEqual(data.browser, sha256(input.browserKey))
  ) {
    return { ok: false, reason: 'state' };
  }
  const row = await consumeToken(db, 'oidc_state', state);
  if (!row) return { ok: false, reason: 'state' };
  const tenant = row.tenantId ? await getTenant(db, row.tenantId) : undefined;
  if (!tenant) return { ok: false, reason: 'state' };
  const provider = await getProvider(db, tenant.id, data.providerId);
  if (!provider?.enabled) return { ok: false, reason: 'provider', tenant };
  if (input.query.has('error')) return { ok: false, reason: 'idp_error', tenant };

  let claims: { sub: string; iss: string; email?: string; emailVerified?: boolean; name?: string };
  try {
    const config = await clientConfig(db, provider, input.outbound);
    const currentUrl = new URL(`${callbackUrl(input.baseUrl)}?${input.query.toString()}`);
    const tokens = await client.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: data.verifier,
      expectedState: state,
      expectedNonce: data.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) return { ok: false, reason: 'exchange', tenant };
    let email = typeof idClaims.email === 'string' ? idClaims.email : undefined;
    let emailVerified = typeof idClaims.email_verified === 'boolean' ? idClaims.email_verified : undefined;
    let name = typeof idClaims.name === 'string' ? idClaims.name : undefined;
    // Providers that keep the ID token small put e-mail and name only in the userinfo answer.
    if ((!email || !name) && config.serverMetadata().userinfo_endpoint) {
      const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      email ??= typeof info.email === 'string' ? info.email : undefined;
      emailVerified ??= typeof info.email_verified === 'boolean' ? info.email_verified : undefined;
      name ??= typeof info.name === 'string' ? info.name : undefined;
    }
    claims = { sub: idClaims.sub, iss: idClaims.iss, email, emailVerified, name };
  } catch (err) {
    input.log?.warn({ err, provider: provider.id }, 'oidc code exchange failed');
    return { ok: false, reason: 'exchange', tenant };
  }

  // An address the provider says is unverified is never used to find or create an account.
  const parsedEmail =
    claims.email && claims.emailVerified !== false ? emailSchema.safeParse(claims.email) : undefined;
  const email = parsedEmail?.success ? parsedEmail.data : undefined;
  const role = isRole(provider.autoProvisionRole) ? (provider.autoProvisionRole as Role) : null;

  return db.transaction(async (trx) => {
    const tx = trx as unknown as Db;
    const [linked] = await tx
      .select({ userId: oidcIdentities.userId })
      .from(oidcIdentities)
      .where(
        and(
          ofTenant(oidcIdentities, tenant.id),
          eq(oidcIdentities.issuer, claims.iss),
          eq(oidcIdentities.subject, claims.sub),
        ),
      )
      .limit(1);
    let user = linked ? await getUser(tx, linked.userId) : undefined;
    let provisioned = false;
    if (!user && email) {
      const byEmail = await findUserByEmail(tx, email);
      if (byEmail && (await hasMembership(tx, tenant.id, byEmail.id))) user = byEmail;
      else if (byEmail) {
        // Global accounts: a tenant's provider must not take over an account of another tenant.
        return { ok: false as const, reason: (role ? 'account_exists' : 'no_account') as SsoFailure, tenant };
      }
    }
    if (user?.disabledAt) return { ok: false as const, reason: 'disabled' as SsoFailure, tenant };
    if (!user) {
      if (!role) return { ok: false as const, reason: 'no_account' as SsoFailure, tenant };
      if (!email) return { ok: false as const, reason: 'no_email' as SsoFailure, tenant };
      user = await createUser(tx, {
        email,
        name: claims.name?.trim() || email.split('@')[0],
        verified: claims.emailVerified === true,
      });
      provisioned = true;
    }
    if (!(await hasMembership(tx, tenant.id, user.id))) {
      // Linked earlier but the membership was removed since: only a provisioning provider gives it back.
      if (!role) return { ok: false as const, reason: 'no_account' as SsoFailure, tenant };
      provisioned = true;
    }
    if (provisioned && role) {
      // The identity provider does not tell the department (Fachamt): a `department` membership made
      // here has none, so its holder sees no concerns or organisations until an administrator sets it
      // on the users screen (/staff/:tenant/users).
      const m = await addMembership(tx, { tenantId: tenant.id, userId: user.id, role, createdBy: null });
      await writeAudit(tx, {
        tenantId: tenant.id,
        actorUserId: user.id,
        actorLabel: `oidc:${provider.name}`,
        action: 'create',
        entityType: 'membership',
        entityId: m.id,
        personal: true,
        details: { via: 'oidc', providerId: provider.id, role, email: user.email },
        ip: input.ip ?? null,
      });
    }
    if (claims.emailVerified === true && email === user.email) await markEmailVerified(tx, user.id);
    await tx
      .insert(oidcIdentities)
      .values({
        tenantId: tenant.id,
        issuer: claims.iss,
        subject: claims.sub,
        userId: user.id,
        lastLoginAt: new Date(),
        loginCount: 1,
      })
      .onConflictDoUpdate({
        target: [oidcIdentities.tenantId, oidcIdentities.issuer, oidcIdentities.subject],
        set: { lastLoginAt: new Date(), loginCount: sql`${oidcIdentities.loginCount} + 1` },
      });
    await writeAudit(tx, {
      tenantId: tenant.id,
      actorUserId: user.id,
      action: 'login',
      entityType: 'user',
      entityId: user.id,
      details: { method: 'oidc', providerId: provider.id },
      ip: input.ip ?? null,
    });
    return { ok: true as const, user, tenant, provisioned };
  });
}
