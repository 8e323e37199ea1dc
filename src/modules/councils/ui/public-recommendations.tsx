// The recommendations of a public body to the administration on its public page (BODY-3): each with
// its status and the departments' answers once given. Department names only, never a person; the
// content stays in German as the staff wrote it (dir="auto"), the interface speaks five languages.
import type { TFunction } from '../../../platform/i18n/index.ts';
import { formatDate } from '../../../platform/time/index.ts';
import type { PublicRecommendation } from '../../coordination/index.ts';

export function PublicRecommendations(p: { t: TFunction; lang: string; list: PublicRecommendation[] }) {
  const { t } = p;
  return (
    <section aria-labelledby="recommendations">
      <h2 id="recommendations">{t('councils:recommendation.public.heading')}</h2>
      <p>{t('councils:recommendation.public.intro')}</p>
      {p.list.length === 0 ? <p>{t('councils:recommendation.public.none')}</p> : null}
      {p.list.map((r) => (
        <article key={r.id} aria-labelledby={`rec-${r.id}`}>
          <h3 id={`rec-${r.id}`} dir="auto">
            {r.title}
          </h3>
          <p className="q-meta">
            {t('councils:recommendation.public.sentOn', { date: formatDate(r.createdAt, p.lang) })} ·{' '}
            {t('councils:recommendation.public.statusLabel')}:{' '}
            {t(`councils:recommendation.public.status.${r.status}`)}
          </p>
          <p dir="auto">{r.description}</p>
          <ul>
            {r.answers.map((a) => (
              <li key={a.department}>
                <strong>{t('councils:recommendation.public.answerOf', { department: a.department })}</strong>{' '}
                ({t(`councils:recommendation.public.status.${a.status}`)})
                {a.answer ? (
                  <p dir="auto">{a.answer}</p>
                ) : (
                  <p>{t('councils:recommendation.public.waiting')}</p>
                )}
              </li>
            ))}
          </ul>
        </article>
      ))}
    </section>
  );
}
