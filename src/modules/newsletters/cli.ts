import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { type Command, CommanderError } from 'commander';
import type { Services } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { getTenant, getTenantBySlug } from '../tenancy/index.ts';
import { type BounceReport, processBounces, SOFT_LIMIT, SOFT_WINDOW_DAYS } from './use-cases/bounces.ts';

type Run = <T>(fn: (s: Services) => Promise<T>) => Promise<T>;

/** What the command reads besides its options (tests pass their own). */
export interface CliIo {
  stdin: AsyncIterable<Buffer | string>;
  env: NodeJS.ProcessEnv;
}

/** EX_TEMPFAIL: a mail server that pipes a bounce to us keeps it and tries again later. */
export const EXIT_TEMPFAIL = 75;

async function readAll(input: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of input) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
  return Buffer.concat(chunks);
}

/** One line per mail and subscriber, in English like the rest of the command line. */
export function formatBounceReport(
  name: string,
  r: BounceReport,
  t: (key: string, o?: Record<string, unknown>) => string,
  slugs: Map<string, string> = new Map(),
): string[] {
  const lines = [
    `${name}: ${r.mails} ${r.mails === 1 ? 'mail' : 'mails'} – ${r.marked} marked, ${r.soft} soft, ${r.ignored} ignored, ${r.unreadable} unreadable.`,
  ];
  for (const it of r.items.slice(0, 500)) {
    const why = t(`bounces.reasons.${it.reason}`, {
      count: it.softCount ?? 0,
      limit: SOFT_LIMIT,
      days: SOFT_WINDOW_DAYS,
    });
    const who = it.email
      ? `${it.email}${it.tenantId && slugs.get(it.tenantId) ? ` (${slugs.get(it.tenantId)})` : ''}: `
      : '';
    const code = it.status ? ` [${it.status}]` : '';
    const subject = !it.email && it.subject ? ` – "${it.subject.slice(0, 80)}"` : '';
    lines.push(`  #${it.mail} ${it.result}: ${who}${why}${code}${subject}`);
  }
  if (r.items.length > 500) lines.push(`  … and ${r.items.length - 500} more`);
  return lines;
}

/** `quartier newsletters bounces --file F [--tenant T] [--recipient A]` */
export function registerNewslettersCli(
  program: Command,
  run: Run,
  io: CliIo = { stdin: process.stdin, env: process.env },
): void {
  const newsletters = program.command('newsletters').description('Newsletter');
  newsletters
    .command('bounces')
    .description(
      'Read bounce mails (delivery status notifications) and mark the subscribers whose mail bounced: hard bounces at once, soft ones after 3 within 30 days; auto-replies change nothing. For a mail server alias: bounces: "|npx quartier newsletters bounces --file -"',
    )
    .requiredOption(
      '--file <path>',
      'one mail (.eml), an mbox file, or - to read one mail from standard input',
    )
    .option(
      '--tenant <slug>',
      'only this tenant; needed for bounces that name just an address (no VERP address, none of our headers)',
    )
    .option(
      '--recipient <address>',
      'address the bounce was delivered to (read from standard input: default $ORIGINAL_RECIPIENT / $RECIPIENT of the mail server)',
    )
    .action(async (o: { file: string; tenant?: string; recipient?: string }) => {
      const piped = o.file === '-';
      const envelopeTo = [
        o.recipient,
        ...(piped ? [io.env.ORIGINAL_RECIPIENT, io.env.RECIPIENT] : []),
      ].filter((x): x is string => !!x);
      const bytes = piped ? await readAll(io.stdin) : readFileSync(o.file);
      let lines: string[];
      try {
        lines = await run(async (s) => {
          const tenant = o.tenant ? await getTenantBySlug(s.db, o.tenant) : undefined;
          if (o.tenant && !tenant)
            throw new AppError(404, 'tenant_not_found', `Tenant "${o.tenant}" not found`);
          const r = await processBounces(s.db, bytes, { tenantId: tenant?.id, source: 'cli', envelopeTo });
          const slugs = new Map<string, string>();
          for (const id of new Set(r.items.map((x) => x.tenantId).filter((x): x is string => !!x)))
            slugs.set(id, (await getTenant(s.db, id))?.slug ?? id);
          return formatBounceReport(
            piped ? 'stdin' : basename(o.file),
            r,
            s.i18n.t('en', 'newsletters'),
            slugs,
          );
        });
      } catch (err) {
        if (!piped) throw err;
        // Piped from the mail server: a temporary failure, so it keeps the mail and delivers it again.
        console.error(`Error: ${(err as Error).message ?? err}`);
        throw new CommanderError(EXIT_TEMPFAIL, 'quartier.tempfail', String((err as Error).message ?? err));
      }
      for (const l of lines) console.log(l);
    });
}
