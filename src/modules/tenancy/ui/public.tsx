import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/context.ts';
import { publicPage } from '../../../ui/page.tsx';
import type { TenantSettings } from '../db/schema.ts';

/** A text from the tenant's settings in the visitor's language, else German, with a notice. */
function localized(c: Context<AppEnv>, texts: Record<string, string> | undefined) {
  const lang = c.get('lang');
  if (!texts) return { text: undefined, fallback: false };
  if (texts[lang]) return { text: texts[lang], fallback: false };
  return { text: texts.de ?? texts.en, fallback: true };
}

function paragraphs(text: string) {
  return text.split(/\n{2,}/).map((p, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: static text
    <p key={i}>{p}</p>
  ));
}

export function mountLegalPages(pub: Hono<AppEnv>) {
  for (const page of ['imprint', 'privacy'] as const) {
    pub.get(`/${page}`, (c) => {
      const t = c.get('t');
      const settings = c.get('tenant')!.settings as TenantSettings;
      const { text, fallback } = localized(c, settings[page]);
      return publicPage(c, {
        title: t(page),
        children: (
          <article className="q-prose">
            <h1>{t(page)}</h1>
            {fallback ? <p className="q-notice">{t('notTranslated')}</p> : null}
            {text ? paragraphs(text) : <p>{t(`tenancy:${page}Missing`)}</p>}
          </article>
        ),
      });
    });
  }
  pub.get('/accessibility', (c) => {
    const t = c.get('t');
    const settings = c.get('tenant')!.settings as TenantSettings;
    return publicPage(c, {
      title: t('accessibility'),
      children: (
        <article className="q-prose">
          <h1>{t('accessibility')}</h1>
          <p>{t('tenancy:accessibilityText')}</p>
          {settings.contactEmail ? (
            <p>
              {t('tenancy:contact')}: <a href={`mailto:${settings.contactEmail}`}>{settings.contactEmail}</a>
            </p>
          ) : null}
        </article>
      ),
    });
  });
}
