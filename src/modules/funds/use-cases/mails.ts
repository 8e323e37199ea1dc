/**
 * Mails to applicants, in the language they applied in, written to the outbox in the transaction of
 * the change that causes them (sent by the outbox job after the commit): the private link when an
 * application is started, and a word at each step the applicant waits for — received, changes
 * requested, decided (with the decision letter as PDF); for the settlement: received, corrections
 * asked for, accepted, money claimed back, and the reminder before its due day. Staff use cases have no request at hand, so
 * the module translates with its own strings (and the platform's common ones), as the pages do.
 */

import { and, eq } from 'drizzle-orm';
import { type Db, ofTenant } from '../../../platform/db/index.ts';
import { commonTranslations } from '../../../platform/i18n/common.ts';
import { createI18n, formatMoney, isLang, type Lang } from '../../../platform/i18n/index.ts';
import { queueMail } from '../../../platform/mail/index.ts';
import { formatDate } from '../../../platform/time/index.ts';
import { getTenant } from '../../tenancy/index.ts';
import { funds } from '../db/schema.ts';
import type { ApplicationStatus } from '../domain/vocab.ts';
import ar from '../i18n/ar.json' with { type: 'json' };
import de from '../i18n/de.json' with { type: 'json' };
import deLs from '../i18n/de-x-ls.json' with { type: 'json' };
import en from '../i18n/en.json' with { type: 'json' };
import tr from '../i18n/tr.json' with { type: 'json' };
import type { Application } from '../queries.ts';
import { decisionLetterPdf } from './documents.ts';

const i18n = createI18n({ common: commonTranslations, funds: { de, en, tr, ar, 'de-x-ls': deLs } });

export const mailLang = (lang: string): Lang => (isLang(lang) ? lang : 'de');

/** The mail a status brings the applicant, if any. */
export const MAIL_OF: Partial<Record<ApplicationStatus, 'received' | 'changes' | 'granted' | 'refused'>> = {
  submitted: 'received',
  changes_requested: 'changes',
  granted: 'granted',
  refused: 'refused',
};

export type ApplicantMail =
  | 'link'
  | 'linkSubmitted'
  | 'received'
  | 'changes'
  | 'granted'
  | 'refused'
  | 'settlementReceived'
  | 'settlementCorrections'
  | 'settlementAccepted'
  | 'settlementReminder'
  | 'claimBack';

async function fundName(db: Db, tenantId: string, fundId: string): Promise<string> {
  const [row] = await db
    .select({ name: funds.name })
    .from(funds)
    .where(and(ofTenant(funds, tenantId), eq(funds.id, fundId)));
  return row?.name ?? '';
}

/**
 * Queues one mail to the applicant (nothing when they left no address). `link` is the private link,
 * known only when the application was just started; `note` what staff wrote with the step.
 */
export async function mailApplicant(
  tx: Db,
  tenantId: string,
  app: Application,
  kind: ApplicantMail,
  o: { link?: string; note?: string; dueOn?: string } = {},
): Promise<void> {
  if (!app.email) return;
  const lang = mailLang(app.lang);
  const t = i18n.t(lang, 'funds');
  const tenant = await getTenant(tx, tenantId);
  const tenantName = tenant?.name ?? '';
  const fund = await fundName(tx, tenantId, app.fundId);
  const vars = {
    name: app.applicantName,
    title: app.title,
    fund,
    tenant: tenantName,
    link: o.link ?? '',
    note: o.note ?? '',
    amount: formatMoney(app.grantedCents ?? 0, lang),
    conditions: app.conditions,
    reasons: app.refusalReasons,
    due: o.dueOn ? formatDate(o.dueOn, lang) : '',
  };
  const attachments =
    kind === 'granted' || kind === 'refused'
      ? [
          {
            filename: `${String(t('letter.filename'))}.pdf`,
            contentType: 'application/pdf',
            content: (
              await decisionLetterPdf({ t, lang, tenantName, fundName: fund, application: app })
            ).toString('base64'),
          },
        ]
      : [];
  await queueMail(tx, {
    tenantId,
    to: app.email,
    subject: String(t(`mail.${kind}.subject`, vars)),
    text: String(t(`mail.${kind}.body`, vars)),
    attachments,
  });
}

/** The decision letter of a decided application, for the applicant's status page. */
export async function letterFor(db: Db, tenantId: string, app: Application): Promise<Buffer> {
  const lang = mailLang(app.lang);
  const tenant = await getTenant(db, tenantId);
  return decisionLetterPdf({
    t: i18n.t(lang, 'funds'),
    lang,
    tenantName: tenant?.name ?? '',
    fundName: await fundName(db, tenantId, app.fundId),
    application: app,
  });
}
