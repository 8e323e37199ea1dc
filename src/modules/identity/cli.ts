import type { Command } from 'commander';
import { systemActor } from '../../platform/authz.ts';
import { isUuid } from '../../platform/db/index.ts';
import type { Services } from '../../platform/http/context.ts';
import { AppError, ValidationError } from '../../platform/http/errors.ts';
import { DEPARTMENT_MAX, normaliseDepartment, ROLES } from '../access/index.ts';
import { AREA_KINDS, getArea, getAreaByKey } from '../areas/index.ts';
import { getTenantBySlug } from '../tenancy/index.ts';
import { inviteUser, isRole } from './invitations.ts';
import { textsFor } from './texts.ts';
import { issueToken } from './tokens.ts';
import { findUserByEmail } from './users.ts';

/** Lifetime of a sign-in link made by an operator (it is passed on by hand, so longer than a mailed one). */
export const CLI_LOGIN_LINK_MINUTES = 60;

export interface InviteCommandOptions {
  tenant: string;
  email: string;
  role: string;
  area?: string;
  /** The department (Fachamt); required with --role department. */
  department?: string;
  lang?: string;
}

/** A use case's field problems as one readable line (the CLI speaks English). */
function oneLine(err: ValidationError): AppError {
  const t = textsFor('en');
  return new AppError(
    422,
    'invalid',
    Object.entries(err.fields)
      .map(([f, key]) => `--${f === 'scopeAreaId' ? 'area' : f}: ${t(key, { max: DEPARTMENT_MAX })}`)
      .join(' '),
  );
}

/** Finds the area for --area: an id, or a key (which must be unique across kinds). */
async function resolveArea(services: Services, tenantId: string, ref: string): Promise<string> {
  if (isUuid(ref)) {
    const a = await getArea(services.db, tenantId, ref);
    if (!a) throw new AppError(404, 'area_not_found', `Unknown area "${ref}".`);
    return a.id;
  }
  const found = (
    await Promise.all(AREA_KINDS.map((k) => getAreaByKey(services.db, tenantId, k, ref)))
  ).filter((a) => !!a);
  if (found.length === 0) throw new AppError(404, 'area_not_found', `Unknown area "${ref}".`);
  if (found.length > 1) {
    throw new AppError(
      409,
      'area_ambiguous',
      `Area key "${ref}" is used by ${found.map((a) => a!.kind).join(', ')}; pass the area id instead.`,
    );
  }
  return found[0]!.id;
}

/** `quartier user invite`: returns the invitation link. */
export async function inviteCommand(services: Services, o: InviteCommandOptions): Promise<string> {
  const tenant = await getTenantBySlug(services.db, o.tenant ?? '');
  if (!tenant) throw new AppError(404, 'tenant_not_found', `Unknown tenant "${o.tenant}".`);
  if (!isRole(o.role))
    throw new AppError(422, 'unknown_role', `Unknown role "${o.role}" (one of ${ROLES.join(', ')}).`);
  if (o.role === 'department' && !normaliseDepartment(o.department))
    throw new AppError(
      422,
      'department_required',
      'The role "department" needs --department, for example --department "Jugendamt Mitte".',
    );
  const scopeAreaId = o.area ? await resolveArea(services, tenant.id, o.area) : null;
  try {
    const link = await inviteUser(systemActor(tenant.id), services.db, {
      email: o.email,
      role: o.role,
      scopeAreaId,
      department: o.department ?? null,
      actorLabel: 'cli',
      baseUrl: services.config.baseUrl,
      lang: o.lang === 'en' ? 'en' : 'de',
    });
    await services.jobs.send('mail.deliver', {});
    return link;
  } catch (err) {
    if (err instanceof ValidationError) throw oneLine(err);
    throw err;
  }
}

/** `quartier user login-link`: a fresh one-time sign-in link for an existing account. */
export async function loginLinkCommand(services: Services, o: { email: string }): Promise<string> {
  const user = await findUserByEmail(services.db, o.email ?? '');
  if (!user) throw new AppError(404, 'user_not_found', `No account with the e-mail address "${o.email}".`);
  if (user.disabledAt) throw new AppError(409, 'user_disabled', `The account "${user.email}" is disabled.`);
  const token = await issueToken(services.db, {
    purpose: 'magic_link',
    email: user.email,
    userId: user.id,
    minutes: CLI_LOGIN_LINK_MINUTES,
  });
  return `${services.config.baseUrl}/magic/${token}`;
}

export function registerIdentityCli(
  program: Command,
  run: <T>(fn: (services: Services) => Promise<T>) => Promise<T>,
): void {
  const user = program.command('user').description('Accounts: invitations and sign-in links');
  user
    .command('invite')
    .description('Invite a person into a tenant with a role; prints the invitation link (also mailed)')
    .requiredOption('--tenant <slug>', 'tenant slug')
    .requiredOption('--email <address>', 'e-mail address of the person')
    .requiredOption('--role <role>', `role: ${ROLES.join('|')}`)
    .option('--area <key-or-id>', 'limit the role to this area (area key or id) and everything below it')
    .option(
      '--department <name>',
      'department (Fachamt) of department staff, required with --role department',
    )
    .option('--lang <de|en>', 'language of the invitation mail', 'de')
    .action(async (o: InviteCommandOptions) => {
      const link = await run((s) => inviteCommand(s, o));
      console.log(link);
    });
  user
    .command('login-link')
    .description(`Print a one-time sign-in link for an account (valid ${CLI_LOGIN_LINK_MINUTES} minutes)`)
    .requiredOption('--email <address>', 'e-mail address of the account')
    .action(async (o: { email: string }) => {
      const link = await run((s) => loginLinkCommand(s, o));
      console.log(link);
      if (!process.env.BASE_URL)
        console.error(
          `(BASE_URL is not set, so the link assumes the server at ${new URL(link).origin}; run the command with the same BASE_URL or PORT as the server.)`,
        );
    });
}
