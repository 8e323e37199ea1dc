// The papers of a meeting through a member's private link (no account, no script): the agenda with
// every item, closed ones marked, and a download per paper. Never cached by shared caches, never
// indexed, no referrer from the page; a wrong, forged, expired or withdrawn link is a plain 404 page.
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/context.ts';
import { clientIp } from '../../../platform/http/security.ts';
import { formatDate, formatRange } from '../../../platform/time/index.ts';
import { publicPage } from '../../../ui/page.tsx';
import { hasPaper, paperFileByLink, paperPdfByLink, papersByLink } from '../use-cases/papers.ts';
import { pdfDownload } from './view-helpers.ts';

type C = Context<AppEnv>;

/** A private page: only the member's own browser keeps it, no search engine lists it. */
function privateHeaders(c: C) {
  c.header('Cache-Control', 'private, no-store');
  c.header('X-Robots-Tag', 'noindex, nofollow');
}

export function mountPaperPages(pub: Hono<AppEnv>): void {
  pub.get('/councils/papers/:token', async (c) => {
    privateHeaders(c);
    const t = c.get('t');
    const lang = c.get('lang');
    const tenant = c.get('tenant')!;
    const token = c.req.param('token');
    const p = await papersByLink(c.get('services').db, tenant.id, token);
    const base = `/${tenant.slug}/councils/papers/${token}`;
    const closedMeeting = !p.meeting.public;
    const place = [p.meeting.locationName, p.meeting.onlineUrl].filter(Boolean).join(', ');
    return publicPage(c, {
      title: t('councils:papers.title', { name: p.body.name }),
      // The token is in the address: no referrer leaves the page (the header is the site's own).
      meta: [
        { name: 'robots', content: 'noindex, nofollow' },
        { name: 'referrer', content: 'no-referrer' },
      ],
      children: (
        <>
          <h1 dir="auto">{t('councils:papers.title', { name: p.body.name })}</h1>
          <p>
            {p.meeting.status === 'cancelled' ? `${t('councils:public.cancelled')}: ` : null}
            {formatRange(p.meeting.startsAt, p.meeting.endsAt, lang)}
            {p.meeting.title.trim() ? <span dir="auto"> · {p.meeting.title}</span> : null}
          </p>
          {place ? (
            <p>
              {t('councils:public.place')}: <span dir="auto">{place}</span>
            </p>
          ) : null}
          <p className="q-prose">
            {t('councils:papers.personal', {
              name: p.member.name,
              date: formatDate(new Date(p.expiresAt.getTime() - 1), lang),
            })}
          </p>
          <p>
            <a href={`${base}/agenda.pdf`}>{t('councils:papers.invitationPdf')}</a>
          </p>
          <section aria-labelledby="agenda">
            <h2 id="agenda">{t('councils:public.agenda')}</h2>
            {p.items.length === 0 ? (
              <p>{t('councils:papers.noItems')}</p>
            ) : (
              <ol className="q-links">
                {p.items.map((i) => (
                  <li key={i.id}>
                    <span dir="auto">
                      {i.position}. {i.title}
                    </span>
                    {closedMeeting || !i.public ? <strong> · {t('councils:papers.closed')}</strong> : null}
                    {hasPaper(i) ? (
                      <>
                        {' · '}
                        <a href={`${base}/items/${i.id}`}>
                          {t('councils:papers.paperPdf', { position: i.position })}
                        </a>
                      </>
                    ) : null}
                    {p.files
                      .filter((f) => f.agendaItemId === i.id)
                      .map((f) => (
                        <span key={f.id}>
                          {' · '}
                          <a href={`${base}/files/${f.id}`} dir="auto">
                            {f.name}
                          </a>
                        </span>
                      ))}
                  </li>
                ))}
              </ol>
            )}
          </section>
        </>
      ),
    });
  });

  const pdf = (which: (c: C) => string) => async (c: C) => {
    privateHeaders(c);
    const tenant = c.get('tenant')!;
    const services = c.get('services');
    const body = await paperPdfByLink(services, tenant, c.req.param('token') ?? '', which(c), {
      lang: c.get('lang'),
      ip: clientIp(c, services.config.trustProxy),
    });
    c.header('Content-Type', 'application/pdf');
    c.header(
      'Content-Disposition',
      `inline; filename="${which(c) === 'agenda' ? 'einladung' : 'unterlage'}.pdf"`,
    );
    return c.body(new Uint8Array(body));
  };
  pub.get(
    '/councils/papers/:token/agenda.pdf',
    pdf(() => 'agenda'),
  );
  pub.get('/councils/papers/:token/files/:fileId', async (c) => {
    const tenant = c.get('tenant')!;
    const services = c.get('services');
    const r = await paperFileByLink(services, tenant, c.req.param('token'), c.req.param('fileId'), {
      ip: clientIp(c, services.config.trustProxy),
    });
    const res = pdfDownload(r.bytes, r.file.name, { public: false });
    res.headers.set('X-Robots-Tag', 'noindex, nofollow');
    return res;
  });
  pub.get(
    '/councils/papers/:token/items/:itemId',
    pdf((c) => c.req.param('itemId') ?? ''),
  );
}
