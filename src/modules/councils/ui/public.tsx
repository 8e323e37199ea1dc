// Public pages of the councils module: the bodies of a tenant that meet in public, and one page per
// public body with its purpose, members (names only as consented), upcoming public meetings with
// their agenda, and the resolutions of past public meetings. No account, no script. What is public
// is decided in public-reads.ts; member names in domain/public.ts.
import type { Context, Hono } from 'hono';
import { readStoredFile } from '../../../platform/files/index.ts';
import { withCaching } from '../../../platform/http/caching.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { formatDate, formatRange, todayLocal } from '../../../platform/time/index.ts';
import { publicPage } from '../../../ui/page.tsx';
import { getArea } from '../../areas/index.ts';
import { publicRecommendations } from '../../coordination/index.ts';
import { getVenue, type Venue } from '../../network/index.ts';
import { publicAffiliation, publicMemberName } from '../domain/public.ts';
import { CHAIR_ROLES, MEMBER_ROLES } from '../domain/vocab.ts';
import { OPARL_ROOT } from '../oparl/urls.ts';
import {
  getPublicBodyBySlug,
  getPublicItemFile,
  listPublicBodies,
  listPublicItemFiles,
  listPublicItems,
  listPublicMeetings,
  listPublicMembers,
  type PublicItem,
  votesOfItems,
  type WithModified,
} from '../public-reads.ts';
import type { Body, Meeting, Member, Vote } from '../queries.ts';
import { publishedMinutesPdf } from '../use-cases/minutes.ts';
import { PublicRecommendations } from './public-recommendations.tsx';
import { pdfDownload } from './view-helpers.ts';

type C = Context<AppEnv>;

/** How many upcoming meetings and past meetings with resolutions the page lists. */
export const UPCOMING_LISTED = 6;
export const PAST_LISTED = 12;

const inTerm = (m: Member, day: string) =>
  m.termFrom <= day && (!m.termTo || m.termTo >= day) && (!m.endedOn || m.endedOn >= day);

/** Speaker and deputy first, then the other roles in their order, then by name as shown. */
function byRole(a: Member, b: Member): number {
  const rank = (m: Member) => MEMBER_ROLES.indexOf(m.role);
  return rank(a) - rank(b) || (publicMemberName(a) ?? '~').localeCompare(publicMemberName(b) ?? '~', 'de');
}

function MemberLine({ c, m }: { c: C; m: Member }) {
  const t = c.get('t');
  const name = publicMemberName(m);
  const affiliation = publicAffiliation(m);
  const kind = t(`councils:vocab.memberKind.${m.kind}`);
  return (
    <li>
      {name ? <strong dir="auto">{name}</strong> : <span>{kind}</span>}
      {name ? <span className="q-meta"> · {kind}</span> : null}
      {affiliation ? <span dir="auto"> · {affiliation}</span> : null}
      {m.role !== 'member' ? <span> · {t(`councils:vocab.role.${m.role}`)}</span> : null}
      {!m.voting && m.role !== 'advisory' && m.role !== 'guest' ? (
        <span className="q-meta"> · {t('councils:public.noVote')}</span>
      ) : null}
    </li>
  );
}

function placeOf(c: C, m: Meeting, venues: Map<string, Venue>): string {
  const v = m.venueId ? venues.get(m.venueId) : undefined;
  if (v) {
    const street = [v.street, v.houseNumber].filter(Boolean).join(' ');
    return [v.name, street, [v.postcode, v.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  }
  if (m.locationName.trim()) return m.locationName.trim();
  return m.onlineUrl ? c.get('t')('councils:public.online') : '';
}

function VoteLine({ c, v }: { c: C; v: Vote }) {
  const t = c.get('t');
  return (
    <p>
      <strong>{t(`councils:vocab.result.${v.result}`)}</strong>
      {v.subject ? <span dir="auto"> ({v.subject})</span> : null}
      {' — '}
      {t('councils:public.counts', { yes: v.yes, no: v.no, abstain: v.abstain })}
    </p>
  );
}

function UpcomingMeeting({
  c,
  m,
  items,
  venues,
}: {
  c: C;
  m: WithModified<Meeting>;
  items: PublicItem[];
  venues: Map<string, Venue>;
}) {
  const t = c.get('t');
  const lang = c.get('lang');
  const cancelled = m.status === 'cancelled';
  const place = placeOf(c, m, venues);
  return (
    <li className="q-card" id={`meeting-${m.id}`}>
      <h3 className="kern-heading-small">
        {cancelled ? `${t('councils:public.cancelled')}: ` : null}
        {cancelled ? (
          <del>{formatRange(m.startsAt, m.endsAt, lang)}</del>
        ) : (
          formatRange(m.startsAt, m.endsAt, lang)
        )}
      </h3>
      {m.title.trim() ? <p dir="auto">{m.title}</p> : null}
      {place ? (
        <p>
          {t('councils:public.place')}: <span dir="auto">{place}</span>
        </p>
      ) : null}
      {items.length > 0 ? (
        <>
          <h4 className="kern-heading-small">{t('councils:public.agenda')}</h4>
          <ol>
            {items.map((i) => (
              <li key={i.id} dir="auto">
                {i.title}
                {(i.files ?? []).map((f) => (
                  <span key={f.id}>
                    {' · '}
                    <a href={`/${c.get('tenant')!.slug}/councils/files/${f.id}`}>{f.name}</a>
                  </span>
                ))}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </li>
  );
}

function PastMeeting({
  c,
  bodySlug,
  m,
  items,
  votes,
}: {
  c: C;
  bodySlug: string;
  m: WithModified<Meeting>;
  items: PublicItem[];
  votes: Map<string, Vote[]>;
}) {
  const t = c.get('t');
  const decided = items.filter((i) => (votes.get(i.id) ?? []).length > 0);
  return (
    <li id={`meeting-${m.id}`}>
      <h3 className="kern-heading-small">
        {formatDate(m.startsAt, c.get('lang'))}
        {m.title.trim() ? <span dir="auto"> · {m.title}</span> : null}
      </h3>
      {/* Minutes: once approved this says so; a public meeting's approved minutes are published,
          and their public part is a PDF anyone may open. */}
      {m.minutesStatus === 'approved' ? (
        <p className="q-meta">{t('councils:public.minutesApproved')}</p>
      ) : null}
      {m.minutesStatus === 'approved' && m.minutesPublishedAt ? (
        <p>
          <a href={`/${c.get('tenant')!.slug}/councils/${bodySlug}/meetings/${m.id}/minutes.pdf`}>
            {t('councils:public.minutesLink')}
          </a>
        </p>
      ) : null}
      {decided.map((i) => (
        <section key={i.id} aria-labelledby={`item-${i.id}`}>
          <h4 className="kern-heading-small" id={`item-${i.id}`} dir="auto">
            {t('councils:public.item', { n: i.position })}: {i.title}
          </h4>
          {(votes.get(i.id) ?? []).map((v) => (
            <div key={v.id}>
              <VoteLine c={c} v={v} />
              {v.resolution.trim() ? (
                <blockquote className="q-prose" dir="auto">
                  {v.resolution}
                </blockquote>
              ) : null}
            </div>
          ))}
        </section>
      ))}
    </li>
  );
}

async function venuesOf(c: C, list: Meeting[]): Promise<Map<string, Venue>> {
  const out = new Map<string, Venue>();
  for (const id of new Set(list.map((m) => m.venueId).filter((x): x is string => !!x))) {
    const v = await getVenue(c.get('services').db, c.get('tenant')!.id, id);
    if (v) out.set(id, v);
  }
  return out;
}

function group(items: PublicItem[]): Map<string, PublicItem[]> {
  const out = new Map<string, PublicItem[]>();
  for (const i of items) out.set(i.meetingId, [...(out.get(i.meetingId) ?? []), i]);
  return out;
}

/** Everything the page of one public body shows. */
export async function publicBodyView(c: C, body: Body, now = new Date()) {
  const db = c.get('services').db;
  const tenantId = c.get('tenant')!.id;
  const [records, upcoming, past, area] = await Promise.all([
    listPublicMembers(db, tenantId, { bodyId: body.id }),
    listPublicMeetings(
      db,
      tenantId,
      { bodyId: body.id, from: now },
      {},
      { limit: UPCOMING_LISTED, offset: 0 },
    ),
    listPublicMeetings(
      db,
      tenantId,
      { bodyId: body.id, before: now, newestFirst: true },
      {},
      { limit: PAST_LISTED, offset: 0 },
    ),
    // An unpublished area (fresh from an import) is not named in public.
    body.areaId
      ? getArea(db, tenantId, body.areaId).then((a) => (a?.published ? a : undefined))
      : Promise.resolve(undefined),
  ]);
  const meetingIds = [...upcoming.rows, ...past.rows].map((m) => m.id);
  const items = await listPublicItems(db, tenantId, { meetingIds });
  // Uploaded papers of the public items, linked by their names.
  const files = await listPublicItemFiles(db, tenantId, { itemIds: items.rows.map((i) => i.id) });
  for (const i of items.rows) i.files = files.rows.filter((f) => f.agendaItemId === i.id);
  const votes = await votesOfItems(
    db,
    tenantId,
    items.rows.map((i) => i.id),
  );
  const today = todayLocal(now);
  const members = records.rows.filter((m) => inTerm(m, today)).sort(byRole);
  return {
    members,
    upcoming: upcoming.rows,
    past: past.rows,
    items: group(items.rows),
    votes,
    venues: await venuesOf(c, upcoming.rows),
    areaName: area?.name ?? null,
  };
}

export function mountPublicCouncilPages(pub: Hono<AppEnv>): void {
  pub.get('/councils', async (c) => {
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    const { rows } = await listPublicBodies(c.get('services').db, tenant.id);
    const res = await publicPage(c, {
      title: t('councils:public.listTitle'),
      description: t('councils:public.listIntro'),
      children: (
        <>
          <h1>{t('councils:public.listTitle')}</h1>
          <p className="q-prose">{t('councils:public.listIntro')}</p>
          {rows.length === 0 ? (
            <p>{t('councils:public.none')}</p>
          ) : (
            <ul className="q-cards">
              {rows.map((b) => (
                <li key={b.id} className="q-card">
                  <h2 className="kern-heading-small">
                    <a href={`/${tenant.slug}/councils/${b.slug}`} dir="auto">
                      {b.name}
                    </a>
                  </h2>
                  <p className="q-meta">{t(`councils:vocab.kind.${b.kind}`)}</p>
                  {b.purpose.trim() ? (
                    <p dir="auto">{b.purpose.length > 200 ? `${b.purpose.slice(0, 197)}…` : b.purpose}</p>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          <p className="q-meta">
            {t('councils:public.openData')}{' '}
            <a href={`${OPARL_ROOT}/body/${tenant.slug}`}>{t('councils:public.oparlLink')}</a>
          </p>
        </>
      ),
    });
    return withCaching(c, res, { maxAge: 60 });
  });

  // An uploaded paper of a public item of a public meeting of a public body (404 for anything else).
  pub.get('/councils/files/:fileId', async (c) => {
    const tenant = c.get('tenant')!;
    const { db, config } = c.get('services');
    const file = await getPublicItemFile(db, tenant.id, c.req.param('fileId'));
    const bytes = file && (await readStoredFile(config.storageDir, tenant.id, file.id));
    if (!file || !bytes) throw new AppError(404, 'not_found');
    return pdfDownload(bytes, file.name, { public: true });
  });

  // The public part of a public meeting's approved minutes (404 for anything else).
  pub.get('/councils/:slug/meetings/:meetingId/minutes.pdf', async (c) => {
    const tenant = c.get('tenant')!;
    const pdf = await publishedMinutesPdf(
      c.get('services'),
      tenant,
      c.req.param('slug'),
      c.req.param('meetingId'),
      c.get('lang'),
    );
    c.header('Content-Type', 'application/pdf');
    c.header('Content-Disposition', 'inline; filename="protokoll.pdf"');
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(new Uint8Array(pdf));
  });

  pub.get('/councils/:slug', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const tenant = c.get('tenant')!;
    const body = await getPublicBodyBySlug(c.get('services').db, tenant.id, c.req.param('slug'));
    if (!body) throw new AppError(404, 'not_found');
    const v = await publicBodyView(c, body);
    // The body's recommendations to the administration with the departments' answers (BODY-3).
    const recommendations = await publicRecommendations(c.get('services').db, tenant.id, body.id);
    const chair = v.members.filter((m) => CHAIR_ROLES.includes(m.role));
    const others = v.members.filter((m) => !CHAIR_ROLES.includes(m.role));
    // Past meetings with resolutions, or with published minutes (a meeting may decide nothing).
    const shownPast = v.past.filter(
      (m) =>
        (v.items.get(m.id) ?? []).some((i) => (v.votes.get(i.id) ?? []).length) ||
        (m.minutesStatus === 'approved' && m.minutesPublishedAt),
    );
    const res = await publicPage(c, {
      title: body.name,
      description: body.purpose.slice(0, 200) || t(`councils:vocab.kind.${body.kind}`),
      children: (
        <>
          <nav aria-label={t('councils:public.breadcrumb')} className="q-breadcrumb">
            <ol>
              <li>
                <a href={`/${tenant.slug}/councils`}>{t('councils:public.listTitle')}</a>
              </li>
            </ol>
          </nav>
          <h1 dir="auto">{body.name}</h1>
          <p className="q-meta">
            {t(`councils:vocab.kind.${body.kind}`)}
            {v.areaName ? <span dir="auto"> · {v.areaName}</span> : null}
            {body.dissolvedOn ? (
              <span> · {t('councils:public.dissolved', { date: formatDate(body.dissolvedOn, lang) })}</span>
            ) : null}
          </p>
          {body.purpose.trim() ? (
            <section aria-labelledby="purpose">
              <h2 id="purpose">{t('councils:public.purpose')}</h2>
              {body.purpose
                .split(/\n{2,}/)
                .filter((p) => p.trim())
                .map((p, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of one text, in order
                  <p key={i} className="q-prose" dir="auto">
                    {p}
                  </p>
                ))}
            </section>
          ) : null}

          <section aria-labelledby="members">
            <h2 id="members">{t('councils:public.members')}</h2>
            {v.members.length === 0 ? (
              <p>{t('councils:public.membersNone')}</p>
            ) : (
              <>
                {chair.length > 0 ? (
                  <ul className="q-links">
                    {chair.map((m) => (
                      <MemberLine key={m.id} c={c} m={m} />
                    ))}
                  </ul>
                ) : null}
                <ul className="q-links">
                  {others.map((m) => (
                    <MemberLine key={m.id} c={c} m={m} />
                  ))}
                </ul>
                <p className="q-meta">{t('councils:public.namesNote')}</p>
              </>
            )}
          </section>

          <section aria-labelledby="upcoming">
            <h2 id="upcoming">{t('councils:public.upcoming')}</h2>
            {v.upcoming.length === 0 ? (
              <p>{t('councils:public.upcomingNone')}</p>
            ) : (
              <>
                <p className="q-prose">{t('councils:public.welcome')}</p>
                <ul className="q-cards">
                  {v.upcoming.map((m) => (
                    <UpcomingMeeting
                      key={m.id}
                      c={c}
                      m={m}
                      items={v.items.get(m.id) ?? []}
                      venues={v.venues}
                    />
                  ))}
                </ul>
              </>
            )}
          </section>

          <section aria-labelledby="resolutions">
            <h2 id="resolutions">{t('councils:public.resolutions')}</h2>
            {shownPast.length > 0 ? (
              <ul className="q-links">
                {shownPast.map((m) => (
                  <PastMeeting
                    key={m.id}
                    c={c}
                    bodySlug={body.slug}
                    m={m}
                    items={v.items.get(m.id) ?? []}
                    votes={v.votes}
                  />
                ))}
              </ul>
            ) : (
              <p>{t('councils:public.resolutionsNone')}</p>
            )}
          </section>

          <PublicRecommendations t={t} lang={lang} list={recommendations} />

          <p className="q-meta">
            {t('councils:public.openData')}{' '}
            <a href={`${OPARL_ROOT}/body/${tenant.slug}/organization/${body.id}`}>
              {t('councils:public.oparlLink')}
            </a>
          </p>
        </>
      ),
    });
    return withCaching(c, res, { maxAge: 60 });
  });
}
