// The provider check on a service's staff page: the last private link sent (to whom, until when,
// the answer), the form that sends a new one, and a proposed change beside the entry as it stands
// with "accept" and "reject". Views take props and hold no rules.
import type { TFunction } from '../../../platform/i18n/index.ts';
import { formatDate } from '../../../platform/time/index.ts';
import { Button, CsrfField, DataTable, FormFrame, TextField } from '../../../ui/index.ts';
import { PROPOSAL_FIELDS } from '../domain/vocab.ts';
import { entryFields, type Proposal, type ReviewLink } from '../use-cases/reviews.ts';
import type { Service } from '../use-cases/services.ts';

export interface ReviewSectionProps {
  t: TFunction;
  lang: string;
  csrf: string;
  action: string;
  service: Service;
  last?: ReviewLink;
  proposal?: Proposal;
  /** The send form as typed, and its messages (translated). */
  email: string;
  errors: Record<string, string>;
  sent?: boolean;
  decided?: string;
}

function lastLine(t: TFunction, lang: string, l: ReviewLink): string {
  const sent = { email: l.email, date: formatDate(l.createdAt, lang), until: formatDate(l.expiresAt, lang) };
  if (l.answer === 'confirmed')
    return String(t('help:review.lastConfirmed', { ...sent, answered: formatDate(l.answeredAt!, lang) }));
  if (l.answer === 'proposed')
    return String(
      t(l.decision ? `help:review.lastDecided.${l.decision}` : 'help:review.lastProposed', {
        ...sent,
        answered: formatDate(l.answeredAt!, lang),
      }),
    );
  return String(t('help:review.lastOpen', sent));
}

export function ReviewSection(p: ReviewSectionProps) {
  const { t } = p;
  const s = p.service;
  const current = entryFields(s);
  return (
    <section aria-labelledby="provider-check" id="provider">
      <h2 id="provider-check">{t('help:review.title')}</h2>
      <p>{t('help:review.intro')}</p>
      {p.sent ? (
        <p role="status">
          <strong>{t('help:review.sent')}</strong>
        </p>
      ) : null}
      {p.decided ? (
        <p role="status">
          <strong>{t(`help:review.decidedNotice.${p.decided}`)}</strong>
        </p>
      ) : null}
      {p.last ? <p className="q-meta">{lastLine(t, p.lang, p.last)}</p> : null}
      {p.proposal ? (
        <>
          <h3 className="kern-heading-small">
            {t('help:review.proposalTitle', { date: formatDate(p.proposal.answeredAt, p.lang) })}
          </h3>
          <DataTable
            caption={t('help:review.proposalTitle', { date: formatDate(p.proposal.answeredAt, p.lang) })}
            hideCaption
            stack
            emptyMessage={t('help:review.noChange')}
            rows={PROPOSAL_FIELDS.filter((f) => p.proposal!.changed.includes(f))}
            rowKey={(f) => f}
            columns={[
              {
                key: 'field',
                header: String(t('help:review.field')),
                rowHeader: true,
                cell: (f) => t(`help:public.review.field.${f}`),
              },
              {
                key: 'now',
                header: String(t('help:review.now')),
                cell: (f) => <span dir="auto">{current[f] || '–'}</span>,
              },
              {
                key: 'proposed',
                header: String(t('help:review.proposed')),
                cell: (f) => (
                  <strong dir="auto" className="q-prose">
                    {p.proposal!.values[f] || '–'}
                  </strong>
                ),
              },
            ]}
          />
          {p.proposal.values.note ? (
            <>
              <h4>{t('help:public.review.field.note')}</h4>
              <p className="q-prose" dir="auto">
                {p.proposal.values.note}
              </p>
            </>
          ) : null}
          <p className="q-meta">{t('help:review.decideHint')}</p>
          <div className="q-actions">
            <form method="post" action={`${p.action}/proposals/${p.proposal.id}`}>
              <CsrfField token={p.csrf} />
              <input type="hidden" name="decision" value="accepted" />
              <Button type="submit">{t('help:review.accept')}</Button>
            </form>
            <form method="post" action={`${p.action}/proposals/${p.proposal.id}`}>
              <CsrfField token={p.csrf} />
              <input type="hidden" name="decision" value="rejected" />
              <Button type="submit" variant="secondary">
                {t('help:review.reject')}
              </Button>
            </form>
          </div>
        </>
      ) : null}
      <FormFrame
        action={`${p.action}/review-link`}
        csrf={p.csrf}
        errors={p.errors}
        errorTitle={String(t('help:form.errorTitle'))}
        prefix="review-"
      >
        <TextField
          name="email"
          id="review-email"
          type="email"
          label={t('help:review.email')}
          hint={t('help:review.emailHint')}
          value={p.email}
          error={p.errors.email}
          optionalText={t('help:form.optional')}
        />
        <Button type="submit" variant="secondary">
          {t('help:review.send')}
        </Button>
      </FormFrame>
    </section>
  );
}
