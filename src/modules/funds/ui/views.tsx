// Staff views of funds, fund-years and applications: they take props and hold no rules.
import type { TFunction } from '../../../platform/i18n/index.ts';
import { formatMoney } from '../../../platform/i18n/index.ts';
import { formatDate, formatDateTime } from '../../../platform/time/index.ts';
import {
  Alert,
  Button,
  DataTable,
  ErrorSummary,
  KeyValueList,
  LinkButton,
  TextArea,
} from '../../../ui/index.ts';
import { CsrfField } from '../../../ui/page.tsx';
import type { Balances } from '../domain/ledger.ts';
import type { RuleCheck } from '../domain/rules.ts';
import type {
  Application,
  BudgetChange,
  CostLine,
  EligibilityNote,
  Fund,
  FundYear,
  LedgerEntry,
  StatusChange,
} from '../queries.ts';
import { BookingForm, DecisionForm, type FormValues } from './forms.tsx';
import { BudgetForm, SplitForm, YearEndForm } from './manage.tsx';
import { euroText, type Posted } from './manage-form.ts';

type Ctx = { t: TFunction; lang: string; base: string };
const money = (cents: number | null, lang: string) => (cents === null ? '–' : formatMoney(cents, lang));
const day = (d: string | null, lang: string) => (d ? formatDate(d, lang, { weekday: undefined }) : '–');

export function FundListView(p: Ctx & { funds: Fund[]; canManage: boolean; archived: boolean }) {
  const { t } = p;
  return (
    <>
      <h1>{p.archived ? t('funds:archive.archivedTitle') : t('funds:staff.title')}</h1>
      <p>{t('funds:staff.intro')}</p>
      {p.canManage && !p.archived ? (
        <p>
          <LinkButton href={`${p.base}/new`}>{t('funds:manage.newFund')}</LinkButton>
        </p>
      ) : null}
      <p>
        {p.archived ? (
          <a href={p.base}>{t('funds:archive.showCurrent')}</a>
        ) : (
          <a href={`${p.base}?archived=1`}>{t('funds:archive.showArchived')}</a>
        )}
      </p>
      <DataTable
        caption={t('funds:staff.listCaption', { count: p.funds.length })}
        rows={p.funds}
        rowKey={(f) => f.id}
        emptyMessage={t('funds:staff.none')}
        stack
        columns={[
          {
            key: 'name',
            header: t('funds:staff.name'),
            rowHeader: true,
            cell: (f) => <a href={`${p.base}/${f.id}`}>{f.name}</a>,
          },
          { key: 'kind', header: t('funds:staff.kind'), cell: (f) => t(`funds:vocab.kind.${f.kind}`) },
          {
            key: 'cap',
            header: t('funds:fields.cap'),
            numeric: true,
            cell: (f) => money(f.capCents, p.lang),
          },
          {
            key: 'yearEnd',
            header: t('funds:staff.yearEnd'),
            cell: (f) => t(`funds:vocab.yearEnd.${f.yearEndRule}`),
          },
        ]}
      />
    </>
  );
}

export function FundView(
  p: Ctx & {
    fund: Fund;
    years: FundYear[];
    children: Fund[];
    bodyName: string | null;
    csrf: string;
    canManage: boolean;
    budgetValues: Posted;
    budgetErrors: Record<string, string>;
  },
) {
  const { t, fund: f } = p;
  return (
    <>
      <p>
        <a href={p.base}>{t('funds:staff.title')}</a>
      </p>
      <h1>{f.name}</h1>
      {f.archivedAt ? (
        <Alert variant="info" title={t('funds:archive.title')} role="status">
          <p>{t('funds:archive.archivedNote', { date: formatDateTime(f.archivedAt, p.lang) })}</p>
        </Alert>
      ) : null}
      {p.canManage ? (
        <p>
          <LinkButton href={`${p.base}/${f.id}/edit`} variant="secondary">
            {t('funds:manage.editFund')}
          </LinkButton>
        </p>
      ) : null}
      <KeyValueList
        items={[
          { term: t('funds:staff.kind'), value: t(`funds:vocab.kind.${f.kind}`) },
          { term: t('funds:staff.decidingBody'), value: p.bodyName },
          {
            term: t('funds:staff.fundingSource'),
            value: [f.fundingSource, f.programme].filter(Boolean).join(' – '),
          },
          { term: t('funds:fields.cap'), value: money(f.capCents, p.lang) },
          {
            term: t('funds:staff.costKinds'),
            value: f.allowedCostKinds.length
              ? f.allowedCostKinds.map((k) => t(`funds:vocab.costKind.${k}`)).join(', ')
              : t('funds:staff.allCostKinds'),
          },
          { term: t('funds:fields.ownShare'), value: `${f.ownContributionPercent} %` },
          { term: t('funds:fields.hourRate'), value: money(f.volunteerHourRateCents, p.lang) },
          { term: t('funds:fields.deadlineDays'), value: f.deadlineDaysBeforeSession ?? '–' },
          {
            term: t('funds:staff.noStart'),
            value: f.noStartBeforeDecision ? t('funds:staff.yes') : t('funds:staff.no'),
          },
          { term: t('funds:staff.yearEnd'), value: t(`funds:vocab.yearEnd.${f.yearEndRule}`) },
          { term: t('funds:staff.goals'), value: f.goals },
        ]}
      />
      <h2>{t('funds:staff.years')}</h2>
      <DataTable
        caption={t('funds:staff.yearsCaption', { count: p.years.length })}
        rows={p.years}
        rowKey={(y) => y.id}
        emptyMessage={t('funds:staff.noYears')}
        stack
        columns={[
          {
            key: 'year',
            header: t('funds:fields.year'),
            rowHeader: true,
            cell: (y) => <a href={`${p.base}/years/${y.id}`}>{y.year}</a>,
          },
          {
            key: 'budget',
            header: t('funds:fields.budget'),
            numeric: true,
            cell: (y) => money(y.budgetCents, p.lang),
          },
          {
            key: 'committed',
            header: t('funds:balances.committed'),
            numeric: true,
            cell: (y) => money(y.committedCents, p.lang),
          },
          {
            key: 'available',
            header: t('funds:balances.available'),
            numeric: true,
            cell: (y) =>
              money(
                y.budgetCents + y.carriedInCents - y.committedCents - y.lapsedCents - y.carriedOutCents,
                p.lang,
              ),
          },
        ]}
      />
      {p.canManage ? (
        <>
          <h2>{t('funds:manage.budgetTitle')}</h2>
          <p>{t('funds:manage.budgetIntro')}</p>
          <BudgetForm
            t={t}
            action={`${p.base}/${f.id}/budget`}
            csrf={p.csrf}
            values={p.budgetValues}
            errors={p.budgetErrors}
          />
        </>
      ) : null}
      {p.children.length ? (
        <>
          <h2>{t('funds:staff.shares')}</h2>
          <ul>
            {p.children.map((c) => (
              <li key={c.id}>
                <a href={`${p.base}/${c.id}`}>{c.name}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

export function BalancesList({ t, lang, b }: { t: TFunction; lang: string; b: Balances }) {
  return (
    <KeyValueList
      items={[
        { term: t('funds:fields.budget'), value: money(b.budgetCents, lang) },
        { term: t('funds:balances.carriedIn'), value: money(b.carriedInCents, lang) },
        { term: t('funds:balances.committed'), value: money(b.committedCents, lang) },
        { term: t('funds:balances.paid'), value: money(b.paidCents, lang) },
        { term: t('funds:balances.returned'), value: money(b.returnedCents, lang) },
        { term: t('funds:balances.outstanding'), value: money(b.outstandingCents, lang) },
        { term: t('funds:balances.lapsed'), value: money(b.lapsedCents, lang) },
        { term: t('funds:balances.carriedOut'), value: money(b.carriedOutCents, lang) },
        { term: t('funds:balances.available'), value: <strong>{money(b.availableCents, lang)}</strong> },
      ]}
    />
  );
}

function LedgerTable(p: Ctx & { entries: LedgerEntry[]; caption: string }) {
  const { t } = p;
  return (
    <DataTable
      caption={p.caption}
      rows={p.entries}
      rowKey={(e) => e.id}
      emptyMessage={t('funds:staff.noEntries')}
      stack
      columns={[
        {
          key: 'on',
          header: t('funds:staff.bookedOn'),
          rowHeader: true,
          cell: (e) => day(e.bookedOn, p.lang),
        },
        {
          key: 'kind',
          header: t('funds:staff.entry'),
          cell: (e) =>
            e.paymentKind
              ? `${t(`funds:vocab.ledger.${e.kind}`)} (${t(`funds:vocab.payment.${e.paymentKind}`)})`
              : t(`funds:vocab.ledger.${e.kind}`),
        },
        {
          key: 'amount',
          header: t('funds:fields.amount'),
          numeric: true,
          cell: (e) => money(e.amountCents, p.lang),
        },
        {
          key: 'application',
          header: t('funds:staff.application'),
          cell: (e) =>
            e.applicationId ? (
              <a href={`${p.base}/applications/${e.applicationId}`}>{t('funds:staff.open')}</a>
            ) : (
              '–'
            ),
        },
        { key: 'note', header: t('funds:staff.note'), className: 'q-cell-wrap', cell: (e) => e.note },
      ]}
    />
  );
}

export function FundYearView(
  p: Ctx & {
    fund: Fund;
    fundYear: FundYear;
    balances: Balances;
    ledger: LedgerEntry[];
    budgetChanges: BudgetChange[];
    applications: Application[];
    shares: { fund: Fund; fundYear: FundYear | null }[];
    csrf: string;
    canManage: boolean;
    /** The form that was refused, with what was typed and its messages. */
    form: { form: 'budget' | 'split' | 'close'; values: Posted; errors: Record<string, string> } | null;
  },
) {
  const { t } = p;
  const open = p.canManage && !p.fundYear.closedAt;
  const of = (form: 'budget' | 'split' | 'close') =>
    p.form?.form === form ? p.form : { values: {} as Posted, errors: {} };
  const yearUrl = `${p.base}/years/${p.fundYear.id}`;
  const splitValues: Posted =
    p.form?.form === 'split'
      ? p.form.values
      : Object.fromEntries(
          p.shares.map((s) => [`share_${s.fund.id}`, s.fundYear ? euroText(s.fundYear.budgetCents) : '']),
        );
  return (
    <>
      <p>
        <a href={`${p.base}/${p.fund.id}`}>{p.fund.name}</a>
      </p>
      <h1>{t('funds:staff.yearTitle', { name: p.fund.name, year: p.fundYear.year })}</h1>
      {p.fundYear.closedAt ? (
        <Alert variant="info" title={t('funds:staff.closed')} role="status">
          <p>{formatDateTime(p.fundYear.closedAt, p.lang)}</p>
        </Alert>
      ) : null}
      <h2>{t('funds:staff.balances')}</h2>
      <BalancesList t={t} lang={p.lang} b={p.balances} />
      <p>
        <a href={`${yearUrl}/report`}>{t('funds:report.link')}</a>
      </p>
      {open ? (
        <>
          <h2>{t('funds:manage.yearBudgetTitle')}</h2>
          <p>{t('funds:manage.budgetIntro')}</p>
          <BudgetForm
            t={t}
            action={`${yearUrl}/budget`}
            csrf={p.csrf}
            year={p.fundYear.year}
            values={p.form?.form === 'budget' ? p.form.values : { budget: euroText(p.fundYear.budgetCents) }}
            errors={of('budget').errors}
          />
        </>
      ) : null}
      <h2>{t('funds:staff.applications')}</h2>
      {p.applications.length ? (
        <p>
          <a href={`${yearUrl}/applications.csv`} download>
            {t('funds:staff.csv')}
          </a>
        </p>
      ) : null}
      <DataTable
        caption={t('funds:staff.applicationsCaption', { count: p.applications.length })}
        rows={p.applications}
        rowKey={(a) => a.id}
        emptyMessage={t('funds:staff.noApplications')}
        stack
        columns={[
          {
            key: 'title',
            header: t('funds:staff.projectTitle'),
            rowHeader: true,
            cell: (a) => <a href={`${p.base}/applications/${a.id}`}>{a.title}</a>,
          },
          {
            key: 'status',
            header: t('funds:staff.status'),
            cell: (a) => t(`funds:vocab.status.${a.status}`),
          },
          {
            key: 'requested',
            header: t('funds:staff.requested'),
            numeric: true,
            cell: (a) => money(a.requestedCents, p.lang),
          },
          {
            key: 'granted',
            header: t('funds:fields.granted'),
            numeric: true,
            cell: (a) => money(a.grantedCents, p.lang),
          },
        ]}
      />
      {p.shares.length ? (
        <>
          <h2>{t('funds:staff.shares')}</h2>
          <DataTable
            caption={t('funds:staff.sharesCaption')}
            rows={p.shares}
            emptyMessage={t('funds:staff.noShares')}
            rowKey={(s) => s.fund.id}
            stack
            columns={[
              { key: 'name', header: t('funds:staff.name'), rowHeader: true, cell: (s) => s.fund.name },
              {
                key: 'budget',
                header: t('funds:fields.budget'),
                numeric: true,
                cell: (s) => money(s.fundYear?.budgetCents ?? 0, p.lang),
              },
            ]}
          />
          {open ? (
            <>
              <h3>{t('funds:manage.splitTitle')}</h3>
              <p>{t('funds:manage.splitIntro', { budget: money(p.fundYear.budgetCents, p.lang) })}</p>
              <SplitForm
                t={t}
                action={`${yearUrl}/split`}
                csrf={p.csrf}
                values={splitValues}
                errors={of('split').errors}
                shares={p.shares}
              />
            </>
          ) : null}
        </>
      ) : null}
      {open ? (
        <>
          <h2>{t('funds:manage.yearEndTitle')}</h2>
          <YearEndForm
            t={t}
            action={`${yearUrl}/close`}
            csrf={p.csrf}
            errors={of('close').errors}
            year={p.fundYear.year}
            text={String(
              t(
                p.fund.yearEndRule === 'carry_over'
                  ? 'funds:manage.yearEndCarry'
                  : 'funds:manage.yearEndLapse',
                {
                  amount: money(p.balances.availableCents, p.lang),
                  next: p.fundYear.year + 1,
                },
              ),
            )}
          />
        </>
      ) : null}
      <h2>{t('funds:staff.ledger')}</h2>
      <LedgerTable
        {...p}
        entries={p.ledger}
        caption={t('funds:staff.ledgerCaption', { count: p.ledger.length })}
      />
      <h2>{t('funds:staff.budgetHistory')}</h2>
      <DataTable
        caption={t('funds:staff.budgetHistoryCaption')}
        rows={p.budgetChanges}
        emptyMessage={t('funds:staff.noBudgetChanges')}
        rowKey={(c) => c.id}
        stack
        columns={[
          {
            key: 'at',
            header: t('funds:staff.when'),
            rowHeader: true,
            cell: (c) => formatDateTime(c.createdAt, p.lang),
          },
          {
            key: 'from',
            header: t('funds:staff.from'),
            numeric: true,
            cell: (c) => money(c.previousCents, p.lang),
          },
          { key: 'to', header: t('funds:staff.to'), numeric: true, cell: (c) => money(c.newCents, p.lang) },
          { key: 'reason', header: t('funds:staff.reason'), className: 'q-cell-wrap', cell: (c) => c.reason },
        ]}
      />
    </>
  );
}

export function ApplicationView(
  p: Ctx & {
    csrf: string;
    application: Application;
    fund: Fund;
    costLines: CostLine[];
    checks: RuleCheck[];
    notes: EligibilityNote[];
    history: StatusChange[];
    ledger: LedgerEntry[];
    canProcess: boolean;
    /** The messages of the step or form that was refused, and what was typed into that form. */
    errors: Record<string, string>;
    form: 'action' | 'decision' | 'booking';
    values: FormValues;
  },
) {
  const { t, application: a } = p;
  const errorsOf = (form: typeof p.form) => (p.form === form ? p.errors : {});
  const valuesOf = (form: typeof p.form) => (p.form === form ? p.values : {});
  const applicant = [a.applicantName || t('funds:staff.erased'), a.groupName].filter(Boolean).join(', ');
  return (
    <>
      <p>
        <a href={`${p.base}/years/${a.fundYearId}`}>{p.fund.name}</a>
      </p>
      <h1>{a.title}</h1>
      {a.grantedCents !== null && ['granted', 'settlement', 'settled', 'closed'].includes(a.status) ? (
        <p>
          <a href={`${p.base}/applications/${a.id}/settlement`}>{t('funds:staff.settlement.link')}</a>
        </p>
      ) : null}
      <ErrorSummary
        title={t('funds:staff.errorTitle')}
        errors={Object.entries(p.errors).map(([name, key]) => ({
          fieldId: `action-${name}`,
          message: String(t(key)),
        }))}
      />
      <KeyValueList
        items={[
          { term: t('funds:staff.status'), value: t(`funds:vocab.status.${a.status}`) },
          { term: t('funds:staff.applicant'), value: applicant },
          // The applicant's contact only for those who work on the application (never the jury).
          ...(p.canProcess
            ? [{ term: t('funds:staff.contact'), value: [a.email, a.phone].filter(Boolean).join(', ') }]
            : []),
          { term: t('funds:staff.dates'), value: `${day(a.startsOn, p.lang)} – ${day(a.endsOn, p.lang)}` },
          { term: t('funds:staff.total'), value: money(a.totalCents, p.lang) },
          { term: t('funds:fields.ownMoney'), value: money(a.ownMoneyCents, p.lang) },
          { term: t('funds:fields.hours'), value: a.volunteerHours },
          { term: t('funds:staff.requested'), value: money(a.requestedCents, p.lang) },
          { term: t('funds:fields.granted'), value: money(a.grantedCents, p.lang) },
          { term: t('funds:staff.conditions'), value: a.conditions || a.refusalReasons },
          { term: t('funds:staff.description'), value: a.description },
        ]}
      />
      <h2>{t('funds:staff.costPlan')}</h2>
      <DataTable
        caption={t('funds:staff.costPlanCaption')}
        rows={p.costLines}
        rowKey={(l) => l.id}
        emptyMessage={t('funds:staff.noCostPlan')}
        stack
        columns={[
          {
            key: 'item',
            header: t('funds:staff.item'),
            rowHeader: true,
            className: 'q-cell-wrap',
            cell: (l) => l.item,
          },
          {
            key: 'kind',
            header: t('funds:staff.costKind'),
            cell: (l) => t(`funds:vocab.costKind.${l.costKind}`),
          },
          {
            key: 'amount',
            header: t('funds:fields.amount'),
            numeric: true,
            cell: (l) => money(l.amountCents, p.lang),
          },
        ]}
      />
      <h2>{t('funds:staff.rules')}</h2>
      <ul>
        {p.checks.map((c) => (
          <li key={c.rule}>
            <strong>{t(`funds:vocab.rule.${c.rule}`)}:</strong> {c.ok ? '✓' : '✗'} {t(c.message, c.params)}
          </li>
        ))}
      </ul>
      {p.canProcess && (a.status === 'submitted' || a.status === 'in_review') ? (
        <form method="post" action={`${p.base}/applications/${a.id}/check`} className="q-form">
          <CsrfField token={p.csrf} />
          <Button variant="secondary" id="action-status">
            {t('funds:staff.checkNow')}
          </Button>
        </form>
      ) : null}
      {p.canProcess && a.status === 'in_review' ? (
        // Back to the applicant, who changes it through the private link (they get a mail with the note).
        <form method="post" action={`${p.base}/applications/${a.id}/changes`} className="q-form">
          <CsrfField token={p.csrf} />
          <TextArea
            id="action-note"
            name="note"
            label={t('funds:staff.changesNote')}
            hint={t('funds:staff.changesHint')}
            value={valuesOf('action').note ?? ''}
            error={errorsOf('action').note ? String(t(errorsOf('action').note)) : undefined}
            rows={3}
            maxLength={5000}
          />
          <Button variant="secondary">{t('funds:staff.askChanges')}</Button>
        </form>
      ) : null}
      {p.canProcess && a.status === 'in_review' ? (
        <form method="post" action={`${p.base}/applications/${a.id}/agenda`} className="q-form">
          <CsrfField token={p.csrf} />
          <Button variant="secondary" id="action-meetingId">
            {t('funds:staff.toAgenda')}
          </Button>
        </form>
      ) : null}
      {p.canProcess && a.status === 'on_agenda' ? (
        <>
          <h2>{t('funds:decision.title')}</h2>
          <p>{t('funds:decision.intro')}</p>
          <DecisionForm
            t={t}
            action={`${p.base}/applications/${a.id}/decision`}
            csrf={p.csrf}
            values={valuesOf('decision')}
            errors={errorsOf('decision')}
          />
        </>
      ) : null}
      {p.canProcess && a.grantedCents !== null && ['granted', 'settlement', 'settled'].includes(a.status) ? (
        <>
          <h2>{t('funds:booking.title')}</h2>
          <BookingForm
            t={t}
            action={`${p.base}/applications/${a.id}/booking`}
            csrf={p.csrf}
            values={valuesOf('booking')}
            errors={errorsOf('booking')}
          />
        </>
      ) : null}
      <h2>{t('funds:staff.notes')}</h2>
      <DataTable
        caption={t('funds:staff.notesCaption')}
        rows={p.notes}
        rowKey={(n) => n.id}
        emptyMessage={t('funds:staff.noNotes')}
        stack
        columns={[
          {
            key: 'rule',
            header: t('funds:staff.rule'),
            rowHeader: true,
            cell: (n) => t(`funds:vocab.rule.${n.rule}`),
          },
          {
            key: 'ok',
            header: t('funds:staff.met'),
            cell: (n) => (n.ok ? t('funds:staff.yes') : t('funds:staff.no')),
          },
          { key: 'note', header: t('funds:staff.note'), className: 'q-cell-wrap', cell: (n) => n.note },
          { key: 'at', header: t('funds:staff.when'), cell: (n) => formatDateTime(n.createdAt, p.lang) },
        ]}
      />
      <h2>{t('funds:staff.history')}</h2>
      <ol>
        {p.history.map((h) => (
          <li key={h.id}>
            {formatDateTime(h.createdAt, p.lang)}: {t(`funds:vocab.status.${h.toStatus}`)}
            {h.note ? ` – ${h.note}` : ''}
          </li>
        ))}
      </ol>
      <h2>{t('funds:staff.ledger')}</h2>
      <LedgerTable
        {...p}
        entries={p.ledger}
        caption={t('funds:staff.ledgerCaption', { count: p.ledger.length })}
      />
    </>
  );
}
