/**
 * Mails of the volunteering module, in the language the person used, written to the outbox in the
 * transaction of the change that causes them (sent after the commit). Staff use cases have no request
 * at hand, so the module translates with its own strings.
 */

import type { Db } from '../../../platform/db/index.ts';
import { commonTranslations } from '../../../platform/i18n/common.ts';
import { createI18n, isLang, type Lang } from '../../../platform/i18n/index.ts';
import { queueMail } from '../../../platform/mail/index.ts';
import { getTenant } from '../../tenancy/index.ts';
import ar from '../i18n/ar.json' with { type: 'json' };
import de from '../i18n/de.json' with { type: 'json' };
import deLs from '../i18n/de-x-ls.json' with { type: 'json' };
import en from '../i18n/en.json' with { type: 'json' };
import tr from '../i18n/tr.json' with { type: 'json' };

export const i18n = createI18n({
  common: commonTranslations,
  volunteering: { de, en, tr, ar, 'de-x-ls': deLs },
});

export const mailLang = (lang: string): Lang => (isLang(lang) ? lang : 'de');

export type MailKind =
  | 'link'
  | 'newLink'
  | 'proposal'
  | 'agreed'
  | 'agreedOrganisation'
  | 'confirmed'
  | 'thanks'
  | 'retentionWarning'
  | 'signup'
  | 'reminder'
  | 'contact'
  | 'certificate';

/** Queues one mail of the module (`vars` fill the texts `mail.<kind>.subject` and `.body`). */
export async function mail(
  tx: Db,
  tenantId: string,
  to: string,
  lang: string,
  kind: MailKind,
  vars: Record<string, string | number>,
  o: { replyTo?: string } = {},
): Promise<void> {
  if (!to) return;
  const l = mailLang(lang);
  const t = i18n.t(l, 'volunteering');
  const tenant = await getTenant(tx, tenantId);
  const all = { tenant: tenant?.name ?? '', ...vars };
  await queueMail(tx, {
    tenantId,
    to,
    subject: String(t(`mail.${kind}.subject`, all)),
    text: String(t(`mail.${kind}.body`, all)),
    ...(o.replyTo ? { headers: { 'Reply-To': o.replyTo } } : {}),
  });
}
