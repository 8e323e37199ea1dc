// Staff views of bodies and members: they take props and hold no rules.
import type { TFunction } from '../../../platform/i18n/index.ts';
import { formatDate } from '../../../platform/time/index.ts';
import {
  Alert,
  Button,
  CheckboxField,
  DataTable,
  ErrorSummary,
  KeyValueList,
  LinkButton,
  Pagination,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField } from '../../../ui/page.tsx';
import type { CompositionWarning } from '../domain/members.ts';
import {
  BODY_KINDS,
  COMPOSITION_RULES,
  MAJORITY_RULES,
  MEMBER_KINDS,
  MEMBER_ROLES,
  QUORUM_RULES,
  TIE_RULES,
} from '../domain/vocab.ts';
import type { Body, Circulation, Meeting, Member } from '../queries.ts';
import type { FormValues } from './forms.ts';
import { CirculationList, meetingName } from './meeting-views.tsx';
import { err, nameOf, summary } from './view-helpers.ts';

type Option = { value: string; label: string };
type Errors = Record<string, string>;

const day = (d: string | null, lang: string) => (d ? formatDate(d, lang, { weekday: undefined }) : '–');

export function Warnings({ t, warnings }: { t: TFunction; warnings: CompositionWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <Alert variant="warning" title={t('councils:staff.warningTitle')} role="status">
      <ul>
        {warnings.map((w) => (
          <li key={w.rule}>{t(w.message)}</li>
        ))}
      </ul>
    </Alert>
  );
}

export function BodyListView(p: {
  t: TFunction;
  base: string;
  bodies: Body[];
  manage: boolean;
  areaName: (id: string | null) => string;
}) {
  const { t } = p;
  return (
    <>
      <h1>{t('councils:staff.title')}</h1>
      <p>{t('councils:staff.intro')}</p>
      {p.manage ? (
        <p>
          <LinkButton href={`${p.base}/new`} variant="secondary">
            {t('councils:staff.newBody')}
          </LinkButton>
        </p>
      ) : null}
      <DataTable
        caption={t('councils:staff.listCaption', { count: p.bodies.length })}
        rows={p.bodies}
        rowKey={(b) => b.id}
        emptyMessage={t('councils:staff.none')}
        stack
        columns={[
          {
            key: 'name',
            header: t('councils:body.name'),
            rowHeader: true,
            cell: (b) => <a href={`${p.base}/${b.id}`}>{b.name}</a>,
          },
          { key: 'kind', header: t('councils:body.kind'), cell: (b) => t(`councils:vocab.kind.${b.kind}`) },
          { key: 'area', header: t('councils:body.area'), cell: (b) => p.areaName(b.areaId) },
          {
            key: 'public',
            header: t('councils:body.public'),
            cell: (b) => t(b.public ? 'councils:body.publicYes' : 'councils:body.publicNo'),
          },
        ]}
      />
    </>
  );
}

export function BodyFormView(p: {
  t: TFunction;
  base: string;
  csrf: string;
  body?: Body;
  values: FormValues;
  errors: Errors;
  areas: Option[];
  /** The member may leave the area empty (a body for the whole tenant). */
  tenantWide: boolean;
}) {
  const { t, values: v, errors } = p;
  const e = (n: string) => err(t, errors, n);
  const asUsual = p.body ? undefined : t('councils:body.asUsual');
  const select = (name: string, list: readonly string[], labels: string) => (
    <SelectField
      name={name}
      label={t(`councils:body.${name}`)}
      value={v[name]}
      error={e(name)}
      placeholder={asUsual}
      options={list.map((x) => ({ value: x, label: t(`councils:vocab.${labels}.${x}`) }))}
    />
  );
  const title = p.body ? t('councils:staff.editBody', { name: p.body.name }) : t('councils:staff.newBody');
  return (
    <>
      <h1>{title}</h1>
      <ErrorSummary title={t('errorSummaryTitle')} errors={summary(t, errors)} />
      <form
        method="post"
        action={p.body ? `${p.base}/${p.body.id}/edit` : `${p.base}/new`}
        noValidate
        className="q-form"
      >
        <CsrfField token={p.csrf} />
        <TextField name="name" label={t('councils:body.name')} value={v.name} required error={e('name')} />
        <SelectField
          name="kind"
          label={t('councils:body.kind')}
          value={v.kind}
          error={e('kind')}
          placeholder={p.body ? undefined : t('councils:body.choose')}
          options={BODY_KINDS.map((k) => ({ value: k, label: t(`councils:vocab.kind.${k}`) }))}
        />
        <SelectField
          name="areaId"
          label={t('councils:body.area')}
          hint={t('councils:body.areaHint')}
          value={v.areaId}
          error={e('areaId')}
          placeholder={p.tenantWide ? t('councils:body.wholeTenant') : undefined}
          options={p.areas}
        />
        <TextField
          name="slug"
          label={t('councils:body.slug')}
          hint={t('councils:body.slugHint')}
          value={v.slug}
          error={e('slug')}
          optionalText={t('councils:form.optional')}
          width={30}
        />
        <TextArea
          name="purpose"
          label={t('councils:body.purpose')}
          value={v.purpose}
          error={e('purpose')}
          optionalText={t('councils:form.optional')}
        />
        <h2>{t('councils:body.rulesTitle')}</h2>
        {p.body ? null : <p>{t('councils:body.rulesIntro')}</p>}
        <SelectField
          name="public"
          label={t('councils:body.public')}
          value={v.public}
          error={e('public')}
          placeholder={asUsual}
          options={[
            { value: 'yes', label: t('councils:body.publicYes') },
            { value: 'no', label: t('councils:body.publicNo') },
          ]}
        />
        {select('quorumRule', QUORUM_RULES, 'quorumRule')}
        <TextField
          name="quorumFixed"
          type="number"
          label={t('councils:body.quorumFixed')}
          hint={t('councils:body.quorumFixedHint')}
          value={v.quorumFixed}
          error={e('quorumFixed')}
          optionalText={t('councils:form.optional')}
          width={4}
        />
        {select('majorityRule', MAJORITY_RULES, 'majorityRule')}
        {select('tieRule', TIE_RULES, 'tieRule')}
        {select('compositionRule', COMPOSITION_RULES, 'compositionRule')}
        <SelectField
          name="voteByNameRequired"
          label={t('councils:body.voteByNameRequired')}
          value={v.voteByNameRequired}
          error={e('voteByNameRequired')}
          placeholder={asUsual}
          options={[
            { value: 'yes', label: t('councils:body.yes') },
            { value: 'no', label: t('councils:body.no') },
          ]}
        />
        {select(
          'circulationQuorumRule',
          QUORUM_RULES.filter((r) => r !== 'fixed'),
          'quorumRule',
        )}
        <TextField
          name="invitationDays"
          type="number"
          label={t('councils:body.invitationDays')}
          value={v.invitationDays}
          error={e('invitationDays')}
          optionalText={p.body ? undefined : t('councils:body.asUsual')}
          width={4}
        />
        <TextField
          name="termYears"
          type="number"
          label={t('councils:body.termYears')}
          hint={t('councils:body.termYearsHint')}
          value={v.termYears}
          error={e('termYears')}
          optionalText={t('councils:form.optional')}
          width={4}
        />
        <Button type="submit">{t('save')}</Button>{' '}
        <a href={p.body ? `${p.base}/${p.body.id}` : p.base}>{t('cancel')}</a>
      </form>
    </>
  );
}

export function BodyPageView(p: {
  t: TFunction;
  lang: string;
  base: string;
  csrf: string;
  body: Body;
  areaName: string;
  members: Member[];
  former: Member[];
  /** One page of the meetings (newest first as listed), with the count of all and the paging. */
  meetings: Meeting[];
  meetingCount: number;
  meetingPages: { page: number; pages: number };
  circulations: Circulation[];
  manage: boolean;
  /** Contact data and account links: only staff who manage the body. */
  contact: boolean;
  warnings: CompositionWarning[];
  saved: boolean;
}) {
  const { t, body: b } = p;
  const memberRows = (list: Member[], current: boolean) => (
    <DataTable
      caption={
        current
          ? t('councils:staff.membersCaption', { count: list.length })
          : t('councils:staff.formerCaption', { count: list.length })
      }
      rows={list}
      rowKey={(m) => m.id}
      emptyMessage={t('councils:staff.noMembers')}
      stack
      columns={[
        { key: 'name', header: t('councils:member.name'), rowHeader: true, cell: (m) => nameOf(t, m) },
        {
          key: 'kind',
          header: t('councils:member.kind'),
          cell: (m) =>
            [t(`councils:vocab.memberKind.${m.kind}`), m.organisation || m.department]
              .filter(Boolean)
              .join(', '),
        },
        { key: 'role', header: t('councils:member.role'), cell: (m) => t(`councils:vocab.role.${m.role}`) },
        {
          key: 'voting',
          header: t('councils:member.voting'),
          cell: (m) => t(m.voting ? 'councils:body.yes' : 'councils:body.no'),
        },
        {
          key: 'term',
          header: t('councils:member.term'),
          cell: (m) =>
            `${day(m.termFrom, p.lang)} – ${day(m.endedOn && (!m.termTo || m.endedOn < m.termTo) ? m.endedOn : m.termTo, p.lang)}${m.endReason ? ` (${t(`councils:vocab.endReason.${m.endReason}`)})` : ''}`,
        },
        ...(p.contact
          ? [{ key: 'email', header: t('councils:member.email'), cell: (m: Member) => m.email || '–' }]
          : []),
        ...(current && p.manage
          ? [
              {
                key: 'actions',
                header: t('councils:staff.actions'),
                hideHeader: true,
                action: true,
                cell: (m: Member) => (
                  <a href={`${p.base}/${b.id}/members/${m.id}/end`}>
                    {t('councils:staff.endTermOf', { name: nameOf(t, m) })}
                  </a>
                ),
              },
            ]
          : []),
      ]}
    />
  );
  return (
    <>
      <h1>{b.name}</h1>
      {p.saved ? <Alert variant="success" title={t('councils:staff.saved')} role="status" /> : null}
      <Warnings t={t} warnings={p.warnings} />
      {b.purpose ? <p className="q-prewrap">{b.purpose}</p> : null}
      <KeyValueList
        items={[
          { term: t('councils:body.kind'), value: t(`councils:vocab.kind.${b.kind}`) },
          { term: t('councils:body.area'), value: p.areaName },
          {
            term: t('councils:body.public'),
            value: t(b.public ? 'councils:body.publicYes' : 'councils:body.publicNo'),
          },
        ]}
      />
      {p.manage ? (
        <p>
          <LinkButton href={`${p.base}/${b.id}/edit`} variant="secondary">
            {t('councils:staff.editBodyLink')}
          </LinkButton>{' '}
          <LinkButton href={`${p.base}/${b.id}/members/new`} variant="secondary">
            {t('councils:staff.addMember')}
          </LinkButton>
        </p>
      ) : null}
      <h2 id="members">{t('councils:staff.members')}</h2>
      {memberRows(p.members, true)}
      <p>
        <a href={`${p.base}/${b.id}/members.csv`}>{t('councils:csv.membersLink')}</a>
      </p>
      {p.former.length ? (
        <>
          <h2 id="history">{t('councils:staff.history')}</h2>
          {memberRows(p.former, false)}
        </>
      ) : null}
      <h2 id="meetings">{t('councils:staff.meetings')}</h2>
      {p.manage ? (
        <p>
          <LinkButton href={`${p.base}/${b.id}/meetings/new`} variant="secondary">
            {t('councils:staff.scheduleMeeting')}
          </LinkButton>
        </p>
      ) : null}
      <DataTable
        caption={t('councils:staff.meetingsCaption', { count: p.meetingCount })}
        hideCaption
        rows={p.meetings}
        rowKey={(m) => m.id}
        emptyMessage={t('councils:staff.noMeetings')}
        stack
        columns={[
          {
            key: 'date',
            header: t('councils:meeting.date'),
            rowHeader: true,
            cell: (m) => <a href={`${p.base}/meetings/${m.id}`}>{formatDate(m.startsAt, p.lang)}</a>,
          },
          { key: 'title', header: t('councils:meeting.title'), cell: (m) => m.title || '–' },
          {
            key: 'place',
            header: t('councils:meeting.place'),
            cell: (m) => m.locationName || (m.onlineUrl ? t('councils:meeting.online') : '–'),
          },
          {
            key: 'status',
            header: t('councils:meeting.status'),
            cell: (m) => t(`councils:vocab.meetingStatus.${m.status}`),
          },
        ]}
      />
      <Pagination
        page={p.meetingPages.page}
        totalPages={p.meetingPages.pages}
        href={(n) => `${p.base}/${b.id}${n > 1 ? `?page=${n}` : ''}#meetings`}
        label={t('councils:staff.meetingPages')}
        previousLabel={t('previous')}
        nextLabel={t('next')}
      />
      {p.meetingCount ? (
        <p>
          <a href={`${p.base}/${b.id}/meetings.csv`}>
            {t('councils:csv.meetingsLink', { count: p.meetingCount })}
          </a>
        </p>
      ) : null}
      <h2 id="circulations">{t('councils:circulation.heading')}</h2>
      {p.manage ? (
        <p>
          <LinkButton href={`${p.base}/${b.id}/circulations/new`} variant="secondary">
            {t('councils:circulation.start')}
          </LinkButton>
        </p>
      ) : null}
      <CirculationList t={t} lang={p.lang} base={p.base} list={p.circulations} />
      {p.manage ? (
        <>
          <h2 id="recommendations">{t('councils:recommendation.heading')}</h2>
          <p>
            <a href={`${p.base}/${b.id}/recommendations`}>{t('councils:recommendation.open')}</a>
          </p>
        </>
      ) : null}
      <h2 id="rules">{t('councils:body.rulesTitle')}</h2>
      <KeyValueList
        items={[
          {
            term: t('councils:body.quorumRule'),
            value:
              b.quorumRule === 'fixed'
                ? t('councils:staff.quorumFixed', { count: b.quorumFixed ?? 0 })
                : t(`councils:vocab.quorumRule.${b.quorumRule}`),
          },
          {
            term: t('councils:body.majorityRule'),
            value: t(`councils:vocab.majorityRule.${b.majorityRule}`),
          },
          { term: t('councils:body.tieRule'), value: t(`councils:vocab.tieRule.${b.tieRule}`) },
          {
            term: t('councils:body.compositionRule'),
            value: t(`councils:vocab.compositionRule.${b.compositionRule}`),
          },
          { term: t('councils:body.invitationDays'), value: String(b.invitationDays) },
          {
            term: t('councils:body.voteByNameRequired'),
            value: t(b.voteByNameRequired ? 'councils:body.yes' : 'councils:body.no'),
          },
          { term: t('councils:body.termYears'), value: b.termYears ? String(b.termYears) : '–' },
          {
            term: t('councils:body.circulationQuorumRule'),
            value: t(`councils:vocab.quorumRule.${b.circulationQuorumRule}`),
          },
        ]}
      />
    </>
  );
}

export function MemberFormView(p: {
  t: TFunction;
  base: string;
  csrf: string;
  body: Body;
  values: FormValues;
  errors: Errors;
  accounts: Option[];
}) {
  const { t, values: v, errors } = p;
  const e = (n: string) => err(t, errors, n);
  return (
    <>
      <h1>{t('councils:staff.addMemberTo', { name: p.body.name })}</h1>
      <ErrorSummary title={t('errorSummaryTitle')} errors={summary(t, errors)} />
      <form method="post" action={`${p.base}/${p.body.id}/members/new`} noValidate className="q-form">
        <CsrfField token={p.csrf} />
        <RadioGroup
          name="kind"
          label={t('councils:member.kind')}
          value={v.kind}
          error={e('kind')}
          options={MEMBER_KINDS.map((k) => ({ value: k, label: t(`councils:vocab.memberKind.${k}`) }))}
        />
        <TextField name="name" label={t('councils:member.name')} value={v.name} required error={e('name')} />
        <CheckboxField
          name="publishName"
          label={t('councils:member.publishName')}
          hint={t('councils:member.publishNameHint')}
          checked={v.publishName === 'on'}
          error={e('publishName')}
        />
        <TextField
          name="email"
          type="email"
          label={t('councils:member.email')}
          hint={t('councils:member.emailHint')}
          value={v.email}
          error={e('email')}
          optionalText={t('councils:form.optional')}
        />
        <TextField
          name="organisation"
          label={t('councils:member.organisation')}
          value={v.organisation}
          error={e('organisation') ?? e('actorId')}
          optionalText={t('councils:form.optional')}
        />
        <TextField
          name="department"
          label={t('councils:member.department')}
          value={v.department}
          error={e('department')}
          optionalText={t('councils:form.optional')}
        />
        <SelectField
          name="userId"
          label={t('councils:member.account')}
          hint={t('councils:member.accountHint')}
          value={v.userId}
          error={e('userId')}
          placeholder={t('councils:member.noAccount')}
          options={p.accounts}
        />
        <SelectField
          name="role"
          label={t('councils:member.role')}
          value={v.role || 'member'}
          error={e('role')}
          options={MEMBER_ROLES.map((r) => ({ value: r, label: t(`councils:vocab.role.${r}`) }))}
        />
        <SelectField
          name="voting"
          label={t('councils:member.voting')}
          value={v.voting}
          error={e('voting')}
          placeholder={t('councils:member.votingByRole')}
          options={[
            { value: 'yes', label: t('councils:body.yes') },
            { value: 'no', label: t('councils:body.no') },
          ]}
        />
        <TextField
          name="termFrom"
          type="date"
          label={t('councils:member.termFrom')}
          value={v.termFrom}
          required
          error={e('termFrom')}
        />
        <TextField
          name="termTo"
          type="date"
          label={t('councils:member.termTo')}
          hint={t('councils:member.termToHint')}
          value={v.termTo}
          error={e('termTo')}
          optionalText={t('councils:form.optional')}
        />
        <TextField
          name="electedOn"
          type="date"
          label={t('councils:member.electedOn')}
          value={v.electedOn}
          error={e('electedOn')}
          optionalText={t('councils:form.optional')}
        />
        <Button type="submit">{t('save')}</Button> <a href={`${p.base}/${p.body.id}`}>{t('cancel')}</a>
      </form>
    </>
  );
}

export function EndTermView(p: {
  t: TFunction;
  base: string;
  csrf: string;
  body: Body;
  member: Member;
  values: FormValues;
  errors: Errors;
}) {
  const { t, values: v, errors } = p;
  const e = (n: string) => err(t, errors, n);
  const name = nameOf(t, p.member);
  return (
    <>
      <h1>{t('councils:staff.endTermOf', { name })}</h1>
      <p>{t('councils:staff.endTermIntro')}</p>
      <ErrorSummary title={t('errorSummaryTitle')} errors={summary(t, errors)} />
      <form
        method="post"
        action={`${p.base}/${p.body.id}/members/${p.member.id}/end`}
        noValidate
        className="q-form"
      >
        <CsrfField token={p.csrf} />
        <RadioGroup
          name="how"
          label={t('councils:end.how')}
          value={v.how || 'end'}
          error={e('how')}
          options={[
            { value: 'end', label: t('councils:end.end') },
            { value: 'resign', label: t('councils:end.resign') },
          ]}
        />
        <TextField
          name="endedOn"
          type="date"
          label={t('councils:end.endedOn')}
          hint={t('councils:end.endedOnHint')}
          value={v.endedOn}
          required
          error={e('endedOn')}
        />
        <SelectField
          name="reason"
          label={t('councils:end.reason')}
          value={v.reason || 'term_ended'}
          error={e('reason')}
          options={(['term_ended', 'removed', 'role_changed'] as const).map((r) => ({
            value: r,
            label: t(`councils:vocab.endReason.${r}`),
          }))}
        />
        <h2>{t('councils:end.successorTitle')}</h2>
        <p>{t('councils:end.successorIntro')}</p>
        <TextField
          name="successorName"
          label={t('councils:end.successorName')}
          value={v.successorName}
          error={e('successorName')}
          optionalText={t('councils:form.optional')}
        />
        <TextField
          name="successorEmail"
          type="email"
          label={t('councils:end.successorEmail')}
          value={v.successorEmail}
          error={e('successorEmail')}
          optionalText={t('councils:form.optional')}
        />
        <Button type="submit">{t('councils:end.submit')}</Button>{' '}
        <a href={`${p.base}/${p.body.id}`}>{t('cancel')}</a>
      </form>
    </>
  );
}

/** What is due in the bodies the member manages: invitations to send, terms that end soon. */
export function DueView(p: {
  t: TFunction;
  lang: string;
  base: string;
  termNoticeDays: number;
  invitations: { meeting: Meeting; body: Body }[];
  terms: { member: Member; body: Body }[];
}) {
  const { t, lang } = p;
  return (
    <>
      <p>
        <a href={p.base}>{t('councils:staff.title')}</a>
      </p>
      <h1>{t('councils:due.title')}</h1>
      <p>{t('councils:due.intro')}</p>
      <h2 id="invitations">{t('councils:due.invitations')}</h2>
      <DataTable
        caption={t('councils:due.invitationsCaption', { count: p.invitations.length })}
        rows={p.invitations}
        rowKey={(r) => r.meeting.id}
        emptyMessage={t('councils:due.invitationsNone')}
        stack
        columns={[
          {
            key: 'meeting',
            header: t('councils:due.meeting'),
            rowHeader: true,
            cell: (r) => <a href={`${p.base}/meetings/${r.meeting.id}`}>{meetingName(t, r.meeting, lang)}</a>,
          },
          {
            key: 'body',
            header: t('councils:due.body'),
            cell: (r) => <a href={`${p.base}/${r.body.id}`}>{r.body.name}</a>,
          },
          {
            key: 'starts',
            header: t('councils:due.starts'),
            cell: (r) => formatDate(r.meeting.startsAt, lang),
          },
          {
            key: 'lead',
            header: t('councils:due.lead'),
            cell: (r) => t('councils:due.leadDays', { count: r.body.invitationDays }),
          },
        ]}
      />
      <h2 id="terms">{t('councils:due.terms', { count: p.termNoticeDays })}</h2>
      <DataTable
        caption={t('councils:due.termsCaption', { count: p.terms.length })}
        rows={p.terms}
        rowKey={(r) => r.member.id}
        emptyMessage={t('councils:due.termsNone')}
        stack
        columns={[
          {
            key: 'member',
            header: t('councils:due.member'),
            rowHeader: true,
            cell: (r) => nameOf(t, r.member),
          },
          {
            key: 'body',
            header: t('councils:due.body'),
            cell: (r) => <a href={`${p.base}/${r.body.id}`}>{r.body.name}</a>,
          },
          {
            key: 'role',
            header: t('councils:member.role'),
            cell: (r) => t(`councils:vocab.role.${r.member.role}`),
          },
          { key: 'termTo', header: t('councils:due.termTo'), cell: (r) => day(r.member.termTo, lang) },
        ]}
      />
    </>
  );
}
