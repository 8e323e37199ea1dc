// Staff screens of the Prüfsteine self-assessment (COORD-5): a year's page with the ten Prüfsteine in
// the seed's words, each with its rating, trend (arrow and words), comment and evidence; the trend
// table over the years; and the form to rate one Prüfstein. Parse → call the use case → render; a
// refused form comes back with its field messages and every value as typed.
import type { Context, Hono } from 'hono';
import { actorOf } from '../../../platform/authz.ts';
import { fromForm } from '../../../platform/forms/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { formData } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import type { TFunction } from '../../../platform/i18n/index.ts';
import { formatDate, todayLocal } from '../../../platform/time/index.ts';
import {
  Button,
  DataTable,
  FormFrame,
  KeyValueList,
  LinkButton,
  RadioGroup,
  TextArea,
  TextField,
} from '../../../ui/index.ts';
import { staffPage } from '../../../ui/page.tsx';
import {
  evidenceHref,
  MAX_EVIDENCE,
  PRUEFSTEINE,
  pruefstein,
  pruefsteinText,
  pruefsteinTitle,
  RATINGS,
  type Trend,
} from '../domain/pruefsteine.ts';
import {
  type Assessment,
  assessmentFor,
  lastRatingYear,
  type PruefsteinItem,
  ratePruefstein,
} from '../use-cases/pruefsteine.ts';
import type { Errors, Values } from './views.tsx';

type C = Context<AppEnv>;
type Ctx = { t: TFunction; lang: string; base: string; csrf: string; slug: string };
const base = (c: C) => `/staff/${c.get('tenant')!.slug}/coordination`;
const db = (c: C) => c.get('services').db;
const ctxOf = (c: C): Ctx => ({
  t: c.get('t'),
  lang: c.get('lang'),
  base: base(c),
  csrf: csrfTokenFor(c),
  slug: c.get('tenant')!.slug,
});
const str = (v: Values, k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');
const msg = (t: TFunction, e: Errors) =>
  Object.fromEntries(Object.entries(e).map(([k, m]) => [k, String(t(m))]));
const thisYear = () => Number(todayLocal().slice(0, 4));

function yearParam(c: C): number {
  const y = c.req.param('year') ?? '';
  if (!/^\d{4}$/.test(y)) throw new AppError(404, 'year_not_found');
  return Number(y);
}
/** The Prüfstein of the edit form (`?pruefstein=3`). */
function numberParam(c: C): number {
  const n = c.req.query('pruefstein') ?? '';
  if (!/^\d{1,2}$/.test(n) || !pruefstein(Number(n))) throw new AppError(404, 'pruefstein_not_found');
  return Number(n);
}

const ARROW: Record<Trend, string> = { up: '↑', down: '↓', same: '→', first: '', unrated: '' };

/** "3 – largely": the number and its word, never the number alone. */
const ratingText = (t: TFunction, r: number) => `${r} – ${t(`coordination:pruefstein.scale.${r}`)}`;

/** The trend in words (with an arrow that is only decoration). */
function TrendText(p: { t: TFunction; item: PruefsteinItem }) {
  const { t, item } = p;
  const prev = item.previous;
  const words =
    item.trend === 'unrated'
      ? t('coordination:pruefstein.trend.unrated')
      : item.trend === 'first' || !prev
        ? t('coordination:pruefstein.trend.first')
        : t(`coordination:pruefstein.trend.${item.trend}`, {
            year: String(prev.year),
            rating: ratingText(t, prev.rating),
          });
  return (
    <span>
      {ARROW[item.trend] ? <span aria-hidden="true">{ARROW[item.trend]} </span> : null}
      {words}
    </span>
  );
}

function YearPage(p: Ctx & { a: Assessment }) {
  const { t, a, lang } = p;
  const href = (y: number) => `${p.base}/pruefsteine/${y}`;
  const shownYears = a.years.slice(-6);
  return (
    <>
      <h1>{t('coordination:pruefstein.title', { year: String(a.year) })}</h1>
      <p>{t('coordination:pruefstein.intro')}</p>
      <p>
        <em>{t('coordination:pruefstein.question')}</em>
      </p>
      <nav aria-label={String(t('coordination:pruefstein.years'))}>
        <p className="q-actions">
          <a href={href(a.year - 1)}>
            {t('coordination:pruefstein.previousYear', { year: String(a.year - 1) })}
          </a>
          {a.year < lastRatingYear() ? (
            <a href={href(a.year + 1)}>
              {t('coordination:pruefstein.nextYear', { year: String(a.year + 1) })}
            </a>
          ) : null}
          <a href="#trend">{t('coordination:pruefstein.trendTable')}</a>
        </p>
      </nav>
      <p>{t('coordination:pruefstein.rated', { count: a.rated, year: String(a.year) })}</p>
      <h2>{t('coordination:pruefstein.scaleTitle')}</h2>
      <ul>
        {RATINGS.map((r) => (
          <li key={r}>{ratingText(t, r)}</li>
        ))}
      </ul>
      {a.items.map((item) => {
        const n = item.pruefstein.number;
        const r = item.rating;
        return (
          <section key={n} id={`p-${n}`} aria-labelledby={`p-${n}-h`}>
            <h2 id={`p-${n}-h`}>
              {n}. {pruefsteinTitle(item.pruefstein, lang)}
            </h2>
            <blockquote className="q-quote" lang={lang === 'en' ? 'en' : 'de'}>
              <p>{pruefsteinText(item.pruefstein, lang)}</p>
            </blockquote>
            <KeyValueList
              items={[
                {
                  key: 'rating',
                  term: t('coordination:pruefstein.rating'),
                  value: (
                    <strong>{r ? ratingText(t, r.rating) : t('coordination:pruefstein.notRated')}</strong>
                  ),
                },
                {
                  key: 'trend',
                  term: t('coordination:pruefstein.trendLabel'),
                  value: <TrendText t={t} item={item} />,
                },
                ...(r?.comment
                  ? [
                      {
                        key: 'comment',
                        term: t('coordination:pruefstein.comment'),
                        value: (
                          <span dir="auto">
                            {r.comment.split('\n').map((line, i) => (
                              // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity of their own
                              <span key={i}>
                                {i > 0 ? <br /> : null}
                                {line}
                              </span>
                            ))}
                          </span>
                        ),
                      },
                    ]
                  : []),
                ...(r && r.evidence.length > 0
                  ? [
                      {
                        key: 'evidence',
                        term: t('coordination:pruefstein.evidence'),
                        value: (
                          <ul>
                            {r.evidence.map((e) => (
                              <li key={`${e.scope}${e.path}${e.label}`}>
                                <a href={evidenceHref(e, p.slug)} dir="auto">
                                  {e.label}
                                </a>
                                {e.scope === 'public' ? ` (${t('coordination:pruefstein.publicPage')})` : ''}
                              </li>
                            ))}
                          </ul>
                        ),
                      },
                    ]
                  : []),
                ...(r
                  ? [
                      {
                        key: 'updated',
                        term: t('coordination:pruefstein.updatedAt'),
                        value: formatDate(r.updatedAt, lang),
                      },
                    ]
                  : []),
              ]}
            />
            {a.mayEdit && a.year <= lastRatingYear() ? (
              <p>
                <LinkButton href={`${href(a.year)}/edit?pruefstein=${n}`} variant="secondary">
                  {t(r ? 'coordination:pruefstein.edit' : 'coordination:pruefstein.rate', { number: n })}
                </LinkButton>
              </p>
            ) : null}
          </section>
        );
      })}
      <h2 id="trend">{t('coordination:pruefstein.trendTable')}</h2>
      <DataTable
        caption={t('coordination:pruefstein.trendCaption', {
          from: String(shownYears[0]),
          to: String(shownYears[shownYears.length - 1]),
        })}
        rows={[...PRUEFSTEINE]}
        rowKey={(x) => x.number}
        emptyMessage=""
        stack
        columns={[
          {
            key: 'p',
            header: t('coordination:pruefstein.pruefstein'),
            rowHeader: true,
            cell: (x) => (
              <a href={`#p-${x.number}`}>
                {x.number}. {pruefsteinTitle(x, lang)}
              </a>
            ),
          },
          ...shownYears.map((y) => ({
            key: `y${y}`,
            header: String(y),
            cell: (x: (typeof PRUEFSTEINE)[number]) => {
              const v = a.history[x.number]?.[y];
              return v === undefined ? '–' : ratingText(t, v);
            },
          })),
        ]}
      />
    </>
  );
}

function RateForm(p: Ctx & { year: number; number: number; values: Values; errors: Errors; rows: number }) {
  const { t, values: v, errors: e, lang } = p;
  const ps = pruefstein(p.number)!;
  const err = (k: string) => (e[k] ? String(t(e[k])) : undefined);
  return (
    <>
      <p>
        <a href={`${p.base}/pruefsteine/${p.year}#p-${p.number}`}>
          {t('coordination:pruefstein.title', { year: String(p.year) })}
        </a>
      </p>
      <h1>
        {t('coordination:pruefstein.formTitle', { number: p.number, year: String(p.year) })}:{' '}
        {pruefsteinTitle(ps, lang)}
      </h1>
      <blockquote className="q-quote" lang={lang === 'en' ? 'en' : 'de'}>
        <p>{pruefsteinText(ps, lang)}</p>
      </blockquote>
      <FormFrame
        action={`${p.base}/pruefsteine/${p.year}/edit?pruefstein=${p.number}`}
        csrf={p.csrf}
        errorTitle={t('coordination:staff.errorTitle')}
        errors={msg(t, e)}
      >
        <RadioGroup
          name="rating"
          label={t('coordination:pruefstein.rating')}
          hint={t('coordination:pruefstein.ratingHint')}
          value={str(v, 'rating')}
          options={RATINGS.map((r) => ({ value: String(r), label: ratingText(t, r) }))}
          error={err('rating')}
        />
        <TextArea
          name="comment"
          label={t('coordination:pruefstein.comment')}
          hint={t('coordination:pruefstein.commentHint')}
          value={str(v, 'comment')}
          rows={5}
          error={err('comment')}
        />
        <h2>{t('coordination:pruefstein.evidence')}</h2>
        <p>{t('coordination:pruefstein.evidenceHint', { example: `/staff/${p.slug}/coordination/plans` })}</p>
        {Array.from({ length: p.rows }, (_, i) => `evidence.${i}`).map((row, i) => [
          <TextField
            key={`${row}.label`}
            name={`evidence.${i}.label`}
            label={t('coordination:pruefstein.evidenceLabel', { number: i + 1 })}
            value={str(v, `evidence.${i}.label`)}
            maxLength={200}
            error={err(`evidence.${i}.label`)}
          />,
          <TextField
            key={`${row}.link`}
            name={`evidence.${i}.link`}
            label={t('coordination:pruefstein.evidenceLink', { number: i + 1 })}
            value={str(v, `evidence.${i}.link`)}
            maxLength={600}
            spellCheck={false}
            error={err(`evidence.${i}.link`)}
          />,
        ])}
        <Button>{t('coordination:form.save')}</Button>
      </FormFrame>
    </>
  );
}

// ── Routes ─────────────────────────────────────────────────────────────────────────────────────

async function yearPage(c: C, year: number) {
  const a = await assessmentFor(actorOf(c), db(c), year);
  return staffPage(c, {
    title: String(c.get('t')('coordination:pruefstein.title', { year: String(year) })),
    children: <YearPage {...ctxOf(c)} a={a} />,
  });
}

async function ratePage(c: C, values?: Values, errors: Errors = {}) {
  const actor = actorOf(c);
  const year = yearParam(c);
  const number = numberParam(c);
  if (year > lastRatingYear()) throw new AppError(404, 'year_not_found');
  const a = await assessmentFor(actor, db(c), year);
  if (!a.mayEdit) throw new AppError(403, 'forbidden');
  const current = a.items.find((i) => i.pruefstein.number === number)?.rating;
  let v = values;
  if (!v) {
    v = { rating: current ? String(current.rating) : '', comment: current?.comment ?? '' };
    current?.evidence.forEach((e, i) => {
      (v as Values)[`evidence.${i}.label`] = e.label;
      (v as Values)[`evidence.${i}.link`] = evidenceHref(e, c.get('tenant')!.slug);
    });
  }
  const filled = Array.from({ length: MAX_EVIDENCE }, (_, i) => i).filter(
    (i) => str(v, `evidence.${i}.label`) || str(v, `evidence.${i}.link`),
  );
  const rows = Math.min(MAX_EVIDENCE, Math.max(3, (filled.length ? Math.max(...filled) + 1 : 0) + 2));
  return staffPage(c, {
    title: String(c.get('t')('coordination:pruefstein.formTitle', { number, year: String(year) })),
    status: Object.keys(errors).length ? 422 : 200,
    children: <RateForm {...ctxOf(c)} year={year} number={number} values={v} errors={errors} rows={rows} />,
  });
}

export function mountStaffPruefsteinPages(staff: Hono<AppEnv>) {
  staff.get('/coordination/pruefsteine', (c) => yearPage(c, thisYear()));
  staff.get('/coordination/pruefsteine/:year', (c) => yearPage(c, yearParam(c)));
  staff.get('/coordination/pruefsteine/:year/edit', (c) => ratePage(c));
  staff.post('/coordination/pruefsteine/:year/edit', async (c) => {
    const raw = await formData(c);
    const { input, values } = fromForm(raw, { rating: 'number', comment: 'text' });
    const evidence = Array.from({ length: MAX_EVIDENCE }, (_, i) => {
      const read = (k: string) => {
        const x = raw[`evidence.${i}.${k}`];
        return (typeof x === 'string' ? x : '').trim();
      };
      values[`evidence.${i}.label`] = read('label');
      values[`evidence.${i}.link`] = read('link');
      return { label: read('label'), link: read('link') };
    });
    const year = yearParam(c);
    const number = numberParam(c);
    try {
      await ratePruefstein(
        actorOf(c),
        db(c),
        year,
        number,
        { ...(input as never as object), evidence } as never,
        {
          slug: c.get('tenant')!.slug,
          baseUrl: c.get('services').config.baseUrl,
        },
      );
    } catch (err) {
      if (err instanceof ValidationError) return ratePage(c, values, err.fields);
      throw err;
    }
    return c.redirect(`${base(c)}/pruefsteine/${year}#p-${number}`, 303);
  });
}
