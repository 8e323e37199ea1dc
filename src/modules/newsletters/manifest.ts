import { z } from 'zod';
import type { Services } from '../../platform/http/context.ts';
import type { ModuleManifest } from '../../platform/modules.ts';
import { registerNewslettersCli } from './cli.ts';
import { newsletterFigures } from './figures.ts';
import ar from './i18n/ar.json' with { type: 'json' };
import de from './i18n/de.json' with { type: 'json' };
import lsDe from './i18n/de-x-ls.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import tr from './i18n/tr.json' with { type: 'json' };
import { PERMS, permissions } from './policies.ts';
import { mountNewslettersRoutes } from './routes.ts';
import { sendIssue, sendingIssues } from './use-cases/issues.ts';
import { newslettersPrivacy } from './use-cases/privacy.ts';
import { parseBounceAddress } from './use-cases/verp.ts';

/** The module's settings, checked at start (README "Configuration"). */
const config = z.object({
  /** Mails per second when sending an issue; 0 = no throttle. */
  NEWSLETTER_RATE: z.coerce.number().min(0).max(10_000).default(20),
  /** Envelope sender with a +key per subscriber, so late bounces find their subscriber. */
  NEWSLETTER_BOUNCE_ADDRESS: z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      try {
        parseBounceAddress(v);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a plain address like bounces@example.org (no +)' });
      }
    }),
});
type NewsletterConfig = z.infer<typeof config>;
/** Mails per second (a config loaded without the modules' settings falls back to the defaults). */
const rate = (services: Services) =>
  ((services.config.modules.newsletters as NewsletterConfig | undefined) ?? config.parse({})).NEWSLETTER_RATE;

// One sender per issue in this process; parallel processes still never send twice (row claims).
const running = new Set<string>();

export const newslettersManifest: ModuleManifest = {
  name: 'newsletters',
  // Public pages and mails to the public also in Turkish, Arabic and easy German (staff screens: de/en).
  i18n: { de, en, tr, ar, 'de-x-ls': lsDe },
  permissions,
  config,
  publicNav: [{ path: '/newsletter', label: 'publicNav.newsletter', order: 40 }],
  nav: [{ path: '/newsletter', label: 'nav', permission: PERMS.manage, order: 17 }],
  cli: registerNewslettersCli,
  mount: mountNewslettersRoutes,
  jobs: (services) => {
    const run = async (tenantId: string, issueId: string, maxMs: number) => {
      const key = `${tenantId}:${issueId}`;
      if (running.has(key)) return;
      running.add(key);
      try {
        await sendIssue(services, tenantId, issueId, { ratePerSecond: rate(services), maxMs });
      } finally {
        running.delete(key);
      }
    };
    return [
      {
        name: 'newsletters.send',
        retryLimit: 2,
        handler: async (data: { tenantId: string; issueId: string }) => {
          if (!services.mailer.enabled) return;
          await run(data.tenantId, data.issueId, 10 * 60_000);
        },
      },
      {
        // Every minute: continue issues that are still sending (after a restart, or beyond one run).
        name: 'newsletters.sweep',
        schedule: '* * * * *',
        retryLimit: 0,
        handler: async () => {
          if (!services.mailer.enabled) return;
          for (const i of await sendingIssues(services.db)) await run(i.tenantId, i.id, 50_000);
        },
      },
    ];
  },
  backup: [
    // Confirmation, preferences and unsubscribe links never open a copy; a bounce's mail hash only
    // recognises the same bounce mail again.
    {
      name: 'newsletter_subscribers',
      tenantColumn: 'tenant_id',
      secrets: { confirm_token_hash: 'reissue', manage_token_hash: 'reissue' },
    },
    { name: 'newsletter_issues', tenantColumn: 'tenant_id' },
    { name: 'newsletter_deliveries', tenantColumn: 'tenant_id', secrets: { token_hash: 'reissue' } },
    { name: 'newsletter_bounces', tenantColumn: 'tenant_id', secrets: { mail_hash: 'keep' } },
  ],
  figures: newsletterFigures,
  // The subscription with its consent, deliveries and bounces.
  privacy: newslettersPrivacy,
  apiTags: { Newsletter: 'Newsletter subscribers and issues.' },
  /** Loaded only by the tests (tenant-isolation walk). */
  testFactory: async (ctx) => (await import('./testing/factories.ts')).createNewsletterTestEntities(ctx),
  testPerson: async (ctx, person) =>
    (await import('./testing/factories.ts')).createNewsletterTestPerson(ctx, person),
};
