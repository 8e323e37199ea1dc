// Staff views of meetings, agendas, attendance, conflicts of interest, votes and circulation votes:
// they take props and hold no rules (the quorum comes computed from the use case).
import type { TFunction } from '../../../platform/i18n/index.ts';
import { formatDate, formatDateTime, formatTime, localDate } from '../../../platform/time/index.ts';
import {
  Alert,
  Button,
  DataTable,
  ErrorSummary,
  FileField,
  KeyValueList,
  LinkButton,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField } from '../../../ui/page.tsx';
import type { CirculationState } from '../domain/circulation.ts';
import { inTermOn } from '../domain/members.ts';
import { AGENDA_KINDS, ATTENDANCE_STATUSES, CHOICES, VOTE_KINDS } from '../domain/vocab.ts';
import type { ItemQuorum } from '../domain/votes.ts';
import type { AgendaItem, Attendance, Body, Circulation, ItemFile, Meeting, Member } from '../queries.ts';
import type { MeetingView } from '../use-cases/meetings.ts';
import type { FormValues } from './forms.ts';
import { err, nameOf, summary } from './view-helpers.ts';

type Option = { value: string; label: string };
type Errors = Record<string, string>;

const yesNo = (t: TFunction) => [
  { value: 'yes', label: t('councils:body.publicYes') },
  { value: 'no', label: t('councils:body.publicNo') },
];

/** "Mo., 12.01.2027, 18:00–20:00 Uhr" */
export function meetingWhen(m: Meeting, lang: string): string {
  return m.endsAt
    ? `${formatDateTime(m.startsAt, lang)}–${formatTime(m.endsAt, lang)}`
    : formatDateTime(m.startsAt, lang);
}

/** The heading of a meeting: its title or "Sitzung am …". */
export const meetingName = (t: TFunction, m: Meeting, lang: string) =>
  m.title || String(t('councils:meetingPage.meetingOn', { date: formatDate(m.startsAt, lang) }));

export function MeetingFormView(p: {
  t: TFunction;
  base: string;
  csrf: string;
  body: Body;
  values: FormValues;
  errors: Errors;
  venues: Option[];
}) {
  const { t, values: v, errors } = p;
  const e = (n: string) => err(t, errors, n);
  return (
    <>
      <p>
        <a href={`${p.base}/${p.body.id}`}>{p.body.name}</a>
      </p>
      <h1>{t('councils:meetingForm.title', { name: p.body.name })}</h1>
      <ErrorSummary title={t('errorSummaryTitle')} errors={summary(t, errors)} />
      <form method="post" action={`${p.base}/${p.body.id}/meetings/new`} noValidate className="q-form">
        <CsrfField token={p.csrf} />
        <TextField
          name="title"
          label={t('councils:meeting.title')}
          hint={t('councils:meetingForm.titleHint')}
          value={v.title}
          error={e('title')}
          optionalText={t('councils:form.optional')}
        />
        <TextField
          name="startsOn"
          type="date"
          label={t('councils:meeting.date')}
          value={v.startsOn}
          required
          error={e('startsOn')}
        />
        <TextField
          name="startTime"
          type="time"
          label={t('councils:meetingForm.startTime')}
          value={v.startTime}
          required
          error={e('startTime')}
          width={10}
        />
        <TextField
          name="endTime"
          type="time"
          label={t('councils:meetingForm.endTime')}
          value={v.endTime}
          error={e('endTime')}
          optionalText={t('councils:form.optional')}
          width={10}
        />
        <SelectField
          name="venueId"
          label={t('councils:meetingForm.venue')}
          hint={t('councils:meetingForm.venueHint')}
          value={v.venueId}
          error={e('venueId')}
          placeholder={t('councils:meetingForm.noVenue')}
          options={p.venues}
        />
        <TextField
          name="locationName"
          label={t('councils:meetingForm.locationName')}
          value={v.locationName}
          error={e('locationName')}
          optionalText={t('councils:form.optional')}
        />
        <TextField
          name="onlineUrl"
          type="url"
          label={t('councils:meetingForm.onlineUrl')}
          hint={t('councils:meetingForm.onlineUrlHint')}
          value={v.onlineUrl}
          error={e('onlineUrl')}
          optionalText={t('councils:form.optional')}
        />
        <SelectField
          name="public"
          label={t('councils:body.public')}
          value={v.public}
          error={e('public')}
          placeholder={t('councils:meetingForm.asBody')}
          options={yesNo(t)}
        />
        <TextField
          name="repeatMonthly"
          type="number"
          label={t('councils:meetingForm.repeatMonthly')}
          hint={t('councils:meetingForm.repeatMonthlyHint')}
          value={v.repeatMonthly}
          error={e('repeatMonthly')}
          optionalText={t('councils:form.optional')}
          width={4}
        />
        <Button type="submit">{t('councils:meetingForm.submit')}</Button>{' '}
        <a href={`${p.base}/${p.body.id}`}>{t('cancel')}</a>
      </form>
    </>
  );
}

function QuorumLine({ t, q, id }: { t: TFunction; q: ItemQuorum; id?: string }) {
  return (
    <p id={id}>
      <strong>{t('councils:meetingPage.quorum')}:</strong>{' '}
      {t('councils:meetingPage.quorumNumbers', {
        present: q.present.length,
        entitled: q.entitled.length,
        needed: q.needed,
      })}{' '}
      — {t(q.quorate ? 'councils:meetingPage.quorate' : 'councils:meetingPage.notQuorate')}
    </p>
  );
}

type Item = MeetingView['items'][number];

function VoteResults({ t, item, name }: { t: TFunction; item: Item; name: (id: string) => string }) {
  if (item.votes.length === 0) return null;
  return (
    <ul>
      {item.votes.map((vote) => (
        <li key={vote.id}>
          {vote.subject ? <>{vote.subject}: </> : null}
          {t('councils:meetingPage.voteLine', {
            kind: t(`councils:vocab.voteKind.${vote.kind}`),
            yes: vote.yes,
            no: vote.no,
            abstain: vote.abstain,
          })}{' '}
          — <strong>{t(`councils:vocab.result.${vote.result}`)}</strong>
          {vote.chairCasting ? <> ({t(`councils:meetingPage.casting.${vote.chairCasting}`)})</> : null}
          {vote.ballots.length ? (
            <ul>
              {vote.ballots.map((b) => (
                <li key={b.id}>
                  {name(b.memberId)}: {t(`councils:vocab.choice.${b.choice}`)}
                </li>
              ))}
            </ul>
          ) : null}
          {vote.resolution ? (
            <p className="q-prewrap">
              <strong>{t('councils:vote.resolution')}:</strong> {vote.resolution}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function ItemActions(p: {
  t: TFunction;
  base: string;
  csrf: string;
  item: Item;
  first: boolean;
  last: boolean;
  open: boolean;
}) {
  const { t, item } = p;
  const title = item.title;
  const small = (path: string, label: string, extra?: { name: string; value: string }, danger = false) => (
    <form method="post" action={`${p.base}/items/${item.id}/${path}`} className="q-inline">
      <CsrfField token={p.csrf} />
      {extra ? <input type="hidden" name={extra.name} value={extra.value} /> : null}
      <Button type="submit" variant={danger ? 'danger' : 'tertiary'} small aria-label={`${label}: ${title}`}>
        {label}
      </Button>
    </form>
  );
  return (
    <div className="q-actions">
      <a href={`${p.base}/items/${item.id}/edit`} aria-label={`${t('councils:meetingPage.edit')}: ${title}`}>
        {t('councils:meetingPage.edit')}
      </a>
      {item.kind !== 'information' ? (
        <a
          href={`${p.base}/items/${item.id}/vote`}
          aria-label={`${t('councils:meetingPage.recordVote')}: ${title}`}
        >
          {t('councils:meetingPage.recordVote')}
        </a>
      ) : null}
      {item.kind !== 'information' ? (
        <a
          href={`${p.base}/items/${item.id}/conflict`}
          aria-label={`${t('councils:meetingPage.declareConflict')}: ${title}`}
        >
          {t('councils:meetingPage.declareConflict')}
        </a>
      ) : null}
      {p.open && !p.first
        ? small('move', t('councils:meetingPage.up'), { name: 'direction', value: 'up' })
        : null}
      {p.open && !p.last
        ? small('move', t('councils:meetingPage.down'), { name: 'direction', value: 'down' })
        : null}
      {p.open && item.kind !== 'approval_of_minutes' && item.votes.length === 0
        ? small('remove', t('councils:meetingPage.remove'), undefined, true)
        : null}
    </div>
  );
}

export function ItemFields(p: { t: TFunction; values: FormValues; errors: Errors; approval?: boolean }) {
  const { t, values: v, errors } = p;
  const e = (n: string) => err(t, errors, n);
  return (
    <>
      <TextField name="title" label={t('councils:item.title')} value={v.title} required error={e('title')} />
      {p.approval ? (
        <input type="hidden" name="kind" value="approval_of_minutes" />
      ) : (
        <SelectField
          name="kind"
          label={t('councils:item.kind')}
          value={v.kind}
          error={e('kind')}
          placeholder={t('councils:body.choose')}
          options={AGENDA_KINDS.filter((k) => k !== 'approval_of_minutes').map((k) => ({
            value: k,
            label: t(`councils:vocab.agendaKind.${k}`),
          }))}
        />
      )}
      <SelectField
        name="public"
        label={t('councils:item.public')}
        value={v.public}
        error={e('public')}
        placeholder={t('councils:item.asMeeting')}
        options={yesNo(t)}
      />
      <TextField
        name="presenter"
        label={t('councils:item.presenter')}
        value={v.presenter}
        error={e('presenter')}
        optionalText={t('councils:form.optional')}
      />
      <TextArea
        name="text"
        label={t('councils:item.text')}
        hint={t('councils:item.textHint')}
        value={v.text}
        error={e('text')}
        optionalText={t('councils:form.optional')}
      />
    </>
  );
}

export function MeetingPageView(p: {
  t: TFunction;
  lang: string;
  base: string;
  csrf: string;
  view: MeetingView;
  members: Member[];
  manage: boolean;
  /** The add-item form and the status form as typed, with their messages. */
  itemValues: FormValues;
  statusValues: FormValues;
  errors: Errors;
  /** Which form the messages belong to. */
  errorsOf?: 'item' | 'status' | 'agenda';
  notice?: string;
  /** Members whose private link to this meeting's papers is withdrawn (staff who manage only). */
  withdrawn?: ReadonlySet<string>;
}) {
  const { t, view, lang } = p;
  const m = view.meeting;
  const byId = new Map(p.members.map((x) => [x.id, x]));
  const name = (id: string) => {
    const x = byId.get(id);
    return x ? nameOf(t, x) : '–';
  };
  const errs = (which: string) => (p.errorsOf === which ? p.errors : {});
  const open = m.status !== 'held' && m.status !== 'cancelled';
  const present = view.attendance.filter((a) => ['present', 'late', 'left_early'].includes(a.status));
  const absentOrExcused = (s: Attendance['status']) =>
    view.attendance
      .filter((a) => a.status === s)
      .map((a) => name(a.memberId))
      .join(', ');
  return (
    <>
      <p>
        <a href={`${p.base}/${view.body.id}#meetings`}>{view.body.name}</a>
      </p>
      <h1>{meetingName(t, m, lang)}</h1>
      {p.notice ? <Alert variant="success" title={t(p.notice)} role="status" /> : null}
      <ErrorSummary title={t('errorSummaryTitle')} errors={summary(t, p.errors)} />
      <KeyValueList
        items={[
          { term: t('councils:meetingPage.when'), value: meetingWhen(m, lang) },
          {
            term: t('councils:meeting.place'),
            value:
              m.locationName || m.onlineUrl ? (
                <>
                  {m.locationName}
                  {m.locationName && m.onlineUrl ? ', ' : ''}
                  {m.onlineUrl ? <a href={m.onlineUrl}>{t('councils:meetingPage.onlineLink')}</a> : null}
                </>
              ) : (
                '–'
              ),
          },
          {
            term: t('councils:body.public'),
            value: t(m.public ? 'councils:body.publicYes' : 'councils:body.publicNo'),
          },
          { term: t('councils:meeting.status'), value: t(`councils:vocab.meetingStatus.${m.status}`) },
          ...(m.cancelledReason
            ? [{ term: t('councils:meetingPage.cancelledReason'), value: m.cancelledReason }]
            : []),
          {
            term: t('councils:meetingPage.minutes'),
            value: t(`councils:vocab.minutesStatus.${m.minutesStatus}`),
          },
        ]}
      />
      {p.manage && open ? (
        <form method="post" action={`${p.base}/meetings/${m.id}/invite`} className="q-form" id="invitation">
          <CsrfField token={p.csrf} />
          <p>{t('councils:meetingPage.inviteIntro', { days: view.body.invitationDays })}</p>
          <Button type="submit">
            {t(m.status === 'invited' ? 'councils:meetingPage.inviteAgain' : 'councils:meetingPage.invite')}
          </Button>
        </form>
      ) : null}
      {p.manage && open ? (
        <form method="post" action={`${p.base}/meetings/${m.id}/status`} noValidate className="q-form">
          <CsrfField token={p.csrf} />
          <SelectField
            name="status"
            label={t('councils:meetingPage.changeStatus')}
            value={p.statusValues.status}
            error={err(t, errs('status'), 'status')}
            options={(['planned', 'invited', 'held', 'cancelled'] as const).map((s) => ({
              value: s,
              label: t(`councils:vocab.meetingStatus.${s}`),
            }))}
          />
          <TextField
            name="reason"
            label={t('councils:meetingPage.cancelledReason')}
            hint={t('councils:meetingPage.reasonHint')}
            value={p.statusValues.reason}
            error={err(t, errs('status'), 'reason')}
            optionalText={t('councils:form.optional')}
          />
          <Button type="submit" variant="secondary">
            {t('councils:meetingPage.saveStatus')}
          </Button>
        </form>
      ) : null}

      <p className="q-actions">
        <a href={`${p.base}/meetings/${m.id}/agenda.pdf`}>{t('councils:meetingPage.agendaPdf')}</a>
        {m.status === 'held' ? (
          <a href={`${p.base}/meetings/${m.id}/minutes`}>{t('councils:meetingPage.toMinutes')}</a>
        ) : null}
      </p>
      <h2 id="agenda">{t('councils:meetingPage.agenda')}</h2>
      {view.items.length === 0 ? <p>{t('councils:meetingPage.noItems')}</p> : null}
      <ol className="q-agenda">
        {view.items.map((item, i) => (
          <li key={item.id} className="q-card" id={`item-${item.id}`}>
            <h3>{t('councils:meetingPage.itemHeading', { position: item.position, title: item.title })}</h3>
            <p className="q-meta">
              {t(`councils:vocab.agendaKind.${item.kind}`)}
              {item.public ? '' : ` · ${t('councils:item.closed')}`}
              {item.presenter ? ` · ${t('councils:item.presenter')}: ${item.presenter}` : ''}
            </p>
            {item.text ? <p className="q-prewrap">{item.text}</p> : null}
            <FileLinks base={p.base} files={item.files} />
            {item.quorum && (view.attendance.length > 0 || item.votes.length > 0) ? (
              <QuorumLine t={t} q={item.quorum} />
            ) : null}
            {item.conflicts.length ? (
              <p>
                <strong>{t('councils:meetingPage.conflicts')}:</strong>{' '}
                {item.conflicts
                  .map((c) => (c.note ? `${name(c.memberId)} (${c.note})` : name(c.memberId)))
                  .join(', ')}
              </p>
            ) : null}
            <VoteResults t={t} item={item} name={name} />
            {p.manage ? (
              <ItemActions
                t={t}
                base={p.base}
                csrf={p.csrf}
                item={item}
                first={i === 0}
                last={i === view.items.length - 1}
                open={open}
              />
            ) : null}
          </li>
        ))}
      </ol>

      {p.manage && m.status !== 'cancelled' ? (
        <>
          <h2 id="add-item">{t('councils:meetingPage.addItem')}</h2>
          <p>{t('councils:meetingPage.addItemIntro')}</p>
          <form method="post" action={`${p.base}/meetings/${m.id}/items`} noValidate className="q-form">
            <CsrfField token={p.csrf} />
            <ItemFields t={t} values={p.itemValues} errors={errs('item')} />
            <Button type="submit">{t('councils:meetingPage.addItemSubmit')}</Button>
          </form>
        </>
      ) : null}

      {p.manage && p.withdrawn ? (
        <PaperLinks
          t={t}
          base={p.base}
          csrf={p.csrf}
          view={view}
          members={p.members}
          withdrawn={p.withdrawn}
        />
      ) : null}

      <h2 id="attendance">{t('councils:meetingPage.attendance')}</h2>
      {view.attendance.length === 0 ? (
        <p>{t('councils:meetingPage.noAttendance')}</p>
      ) : (
        <KeyValueList
          items={[
            {
              term: t('councils:vocab.attendance.present'),
              value: present
                .map((a) =>
                  a.status === 'present'
                    ? name(a.memberId)
                    : `${name(a.memberId)} (${t(`councils:vocab.attendance.${a.status}`)}${
                        a.fromPosition ? `, ${t('councils:attendance.fromShort', { n: a.fromPosition })}` : ''
                      }${a.untilPosition ? `, ${t('councils:attendance.untilShort', { n: a.untilPosition })}` : ''})`,
                )
                .join(', '),
            },
            { term: t('councils:vocab.attendance.excused'), value: absentOrExcused('excused') },
            { term: t('councils:vocab.attendance.absent'), value: absentOrExcused('absent') },
            { term: t('councils:attendance.guests'), value: m.guestNames.join(', ') },
          ]}
        />
      )}
      {p.manage && m.status !== 'cancelled' ? (
        <p>
          <LinkButton href={`${p.base}/meetings/${m.id}/attendance`} variant="secondary">
            {t('councils:meetingPage.recordAttendance')}
          </LinkButton>
        </p>
      ) : null}
    </>
  );
}

/**
 * The private links to this meeting's papers of members without an account (in term on the day,
 * with an e-mail address): each can be withdrawn (or all of a member's links) and restored.
 */
function PaperLinks(p: {
  t: TFunction;
  base: string;
  csrf: string;
  view: MeetingView;
  members: Member[];
  withdrawn: ReadonlySet<string>;
}) {
  const { t } = p;
  const day = localDate(p.view.meeting.startsAt);
  const holders = p.members.filter((x) => !x.userId && x.email && inTermOn(x, day));
  if (holders.length === 0) return null;
  const post = (action: string, label: string) => (
    <form method="post" action={action} className="q-inline">
      <CsrfField token={p.csrf} />
      <Button type="submit" variant="secondary">
        {label}
      </Button>
    </form>
  );
  const m = p.view.meeting;
  return (
    <section aria-labelledby="paper-links">
      <h2 id="paper-links">{t('councils:paperLinks.title')}</h2>
      <p>{t('councils:paperLinks.intro')}</p>
      <ul className="q-links">
        {holders.map((x) => (
          <li key={x.id}>
            <span dir="auto">{nameOf(t, x)}</span>
            {' · '}
            {p.withdrawn.has(x.id) ? (
              <>
                <strong>{t('councils:paperLinks.withdrawn')}</strong>{' '}
                {post(
                  `${p.base}/meetings/${m.id}/links/${x.id}/restore`,
                  String(t('councils:paperLinks.restore', { name: nameOf(t, x) })),
                )}
              </>
            ) : (
              <>
                {t('councils:paperLinks.open')}{' '}
                {post(
                  `${p.base}/meetings/${m.id}/links/${x.id}/withdraw`,
                  String(t('councils:paperLinks.withdraw', { name: nameOf(t, x) })),
                )}
              </>
            )}{' '}
            {post(
              `${p.base}/members/${x.id}/links/withdraw?from=${m.id}`,
              String(t('councils:paperLinks.withdrawAll', { name: nameOf(t, x) })),
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** An item's uploaded papers as download links, by their names. */
function FileLinks(p: { base: string; files: readonly ItemFile[] }) {
  if (p.files.length === 0) return null;
  return (
    <ul className="q-links">
      {p.files.map((f) => (
        <li key={f.id}>
          <a href={`${p.base}/files/${f.id}`} dir="auto">
            {f.name}
          </a>{' '}
          ({formatSize(f.size)})
        </li>
      ))}
    </ul>
  );
}

const formatSize = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The uploaded papers of an item with removing each, and the upload form (staff who manage). */
function ItemFilesSection(p: {
  t: TFunction;
  base: string;
  csrf: string;
  item: AgendaItem;
  files: readonly ItemFile[];
  errors: Errors;
}) {
  const { t } = p;
  return (
    <section aria-labelledby="files">
      <h2 id="files">{t('councils:item.files')}</h2>
      <p>{t('councils:item.filesIntro')}</p>
      {p.files.length === 0 ? <p>{t('councils:item.noFiles')}</p> : null}
      <ul className="q-links">
        {p.files.map((f) => (
          <li key={f.id}>
            <a href={`${p.base}/files/${f.id}`} dir="auto">
              {f.name}
            </a>{' '}
            ({formatSize(f.size)}){' '}
            <form method="post" action={`${p.base}/files/${f.id}/remove`} className="q-inline">
              <CsrfField token={p.csrf} />
              <Button type="submit" variant="secondary">
                {t('councils:item.removeFile', { name: f.name })}
              </Button>
            </form>
          </li>
        ))}
      </ul>
      <ErrorSummary title={t('errorSummaryTitle')} errors={summary(t, p.errors)} id="file-errors" />
      <form
        method="post"
        action={`${p.base}/items/${p.item.id}/files`}
        encType="multipart/form-data"
        noValidate
        className="q-form"
      >
        <CsrfField token={p.csrf} />
        <FileField
          name="file"
          label={t('councils:item.file')}
          hint={t('councils:item.fileHint')}
          accept="application/pdf"
          error={err(t, p.errors, 'file')}
          required
        />
        <Button type="submit" variant="secondary">
          {t('councils:item.upload')}
        </Button>
      </form>
    </section>
  );
}

export function ItemFormView(p: {
  t: TFunction;
  lang: string;
  base: string;
  csrf: string;
  meeting: Meeting;
  item: AgendaItem;
  values: FormValues;
  errors: Errors;
  files: readonly ItemFile[];
  fileErrors: Errors;
  notice?: string;
}) {
  const { t } = p;
  return (
    <>
      <p>
        <a href={`${p.base}/meetings/${p.meeting.id}#item-${p.item.id}`}>
          {meetingName(t, p.meeting, p.lang)}
        </a>
      </p>
      <h1>{t('councils:item.editTitle', { position: p.item.position })}</h1>
      {p.notice ? <Alert variant="success" title={t(p.notice)} role="status" /> : null}
      <ErrorSummary title={t('errorSummaryTitle')} errors={summary(t, p.errors)} />
      <form method="post" action={`${p.base}/items/${p.item.id}/edit`} noValidate className="q-form">
        <CsrfField token={p.csrf} />
        <ItemFields
          t={t}
          values={p.values}
          errors={p.errors}
          approval={p.item.kind === 'approval_of_minutes'}
        />
        <Button type="submit">{t('save')}</Button>{' '}
        <a href={`${p.base}/meetings/${p.meeting.id}#item-${p.item.id}`}>{t('cancel')}</a>
      </form>
      <ItemFilesSection
        t={t}
        base={p.base}
        csrf={p.csrf}
        item={p.item}
        files={p.files}
        errors={p.fileErrors}
      />
    </>
  );
}

export function AttendanceFormView(p: {
  t: TFunction;
  lang: string;
  base: string;
  csrf: string;
  meeting: Meeting;
  members: Member[];
  items: AgendaItem[];
  values: FormValues;
  errors: Errors;
}) {
  const { t, values: v } = p;
  const e = (n: string) => err(t, p.errors, n);
  const positions = p.items.map((i) => ({
    value: String(i.position),
    label: t('councils:meetingPage.itemHeading', { position: i.position, title: i.title }),
  }));
  return (
    <>
      <p>
        <a href={`${p.base}/meetings/${p.meeting.id}`}>{meetingName(t, p.meeting, p.lang)}</a>
      </p>
      <h1>{t('councils:attendance.title')}</h1>
      <p id="attendance">{t('councils:attendance.intro')}</p>
      <ErrorSummary title={t('errorSummaryTitle')} errors={summary(t, p.errors)} />
      <form
        method="post"
        action={`${p.base}/meetings/${p.meeting.id}/attendance`}
        noValidate
        className="q-form"
      >
        <CsrfField token={p.csrf} />
        {p.members.map((m) => (
          <fieldset key={m.id} className="kern-fieldset q-card q-attendance-member">
            <legend className="kern-label">
              {nameOf(t, m)}
              {m.voting ? '' : ` (${t('councils:attendance.noVote')})`}
            </legend>
            <SelectField
              name={`status.${m.id}`}
              label={t('councils:attendance.status')}
              value={v[`status.${m.id}`]}
              error={e(`status.${m.id}`)}
              placeholder={t('councils:attendance.notRecorded')}
              options={ATTENDANCE_STATUSES.map((s) => ({
                value: s,
                label: t(`councils:vocab.attendance.${s}`),
              }))}
            />
            <SelectField
              name={`from.${m.id}`}
              label={t('councils:attendance.from')}
              value={v[`from.${m.id}`]}
              error={e(`from.${m.id}`)}
              placeholder={t('councils:attendance.fromStart')}
              options={positions}
            />
            <SelectField
              name={`until.${m.id}`}
              label={t('councils:attendance.until')}
              value={v[`until.${m.id}`]}
              error={e(`until.${m.id}`)}
              placeholder={t('councils:attendance.untilEnd')}
              options={positions}
            />
          </fieldset>
        ))}
        <TextArea
          name="guests"
          label={t('councils:attendance.guests')}
          hint={t('councils:attendance.guestsHint')}
          value={v.guests}
          error={e('guests')}
          optionalText={t('councils:form.optional')}
          rows={3}
        />
        <Button type="submit">{t('councils:attendance.submit')}</Button>{' '}
        <a href={`${p.base}/meetings/${p.meeting.id}`}>{t('cancel')}</a>
      </form>
    </>
  );
}

export function VoteFormView(p: {
  t: TFunction;
  lang: string;
  base: string;
  csrf: string;
  body: Body;
  meeting: Meeting;
  item: AgendaItem;
  quorum: ItemQuorum | null;
  /** Members with a vote who were there for the item (ballots by name). */
  voters: Member[];
  conflicted: Member[];
  values: FormValues;
  errors: Errors;
}) {
  const { t, values: v } = p;
  const e = (n: string) => err(t, p.errors, n);
  return (
    <>
      <p>
        <a href={`${p.base}/meetings/${p.meeting.id}#item-${p.item.id}`}>
          {meetingName(t, p.meeting, p.lang)}
        </a>
      </p>
      <h1>{t('councils:vote.title', { position: p.item.position, title: p.item.title })}</h1>
      <ErrorSummary title={t('errorSummaryTitle')} errors={summary(t, p.errors)} />
      {p.quorum ? <QuorumLine t={t} q={p.quorum} id="quorum" /> : null}
      {p.conflicted.length ? (
        <p>
          <strong>{t('councils:meetingPage.conflicts')}:</strong>{' '}
          {p.conflicted.map((m) => nameOf(t, m)).join(', ')}
        </p>
      ) : null}
      <p>
        {t('councils:vote.rules', {
          majority: t(`councils:vocab.majorityRule.${p.body.majorityRule}`),
          tie: t(`councils:vocab.tieRule.${p.body.tieRule}`),
        })}
        {p.body.voteByNameRequired ? ` ${t('councils:vote.byNameRequired')}` : ''}
      </p>
      <form method="post" action={`${p.base}/items/${p.item.id}/vote`} noValidate className="q-form">
        <CsrfField token={p.csrf} />
        <TextField
          name="subject"
          label={t('councils:vote.subject')}
          hint={t('councils:vote.subjectHint')}
          value={v.subject}
          error={e('subject')}
          optionalText={t('councils:form.optional')}
        />
        <RadioGroup
          name="kind"
          label={t('councils:vote.kind')}
          value={v.kind}
          error={e('kind')}
          options={VOTE_KINDS.map((k) => ({ value: k, label: t(`councils:vote.kindLabel.${k}`) }))}
        />
        <fieldset className="kern-fieldset">
          <legend className="kern-label">{t('councils:vote.counts')}</legend>
          <p className="q-meta">{t('councils:vote.countsHint')}</p>
          <TextField
            name="yes"
            type="number"
            label={t('councils:vocab.choice.yes')}
            value={v.yes}
            error={e('yes')}
            width={4}
            min={0}
          />
          <TextField
            name="no"
            type="number"
            label={t('councils:vocab.choice.no')}
            value={v.no}
            error={e('no')}
            width={4}
            min={0}
          />
          <TextField
            name="abstain"
            type="number"
            label={t('councils:vocab.choice.abstain')}
            value={v.abstain}
            error={e('abstain')}
            width={4}
            min={0}
          />
        </fieldset>
        <fieldset className="kern-fieldset" id="ballots">
          <legend className="kern-label">{t('councils:vote.ballots')}</legend>
          <p className="q-meta">{t('councils:vote.ballotsHint')}</p>
          {e('ballots') ? <p className="kern-error">{e('ballots')}</p> : null}
          {p.voters.length === 0 ? <p>{t('councils:vote.noVoters')}</p> : null}
          {p.voters.map((m) => (
            <SelectField
              key={m.id}
              name={`ballot.${m.id}`}
              label={nameOf(t, m)}
              value={v[`ballot.${m.id}`]}
              placeholder={t('councils:vote.noBallot')}
              options={CHOICES.map((c) => ({ value: c, label: t(`councils:vocab.choice.${c}`) }))}
            />
          ))}
        </fieldset>
        {p.body.tieRule === 'chair_decides' ? (
          <SelectField
            name="chairCasting"
            label={t('councils:vote.chairCasting')}
            hint={t('councils:vote.chairCastingHint')}
            value={v.chairCasting}
            error={e('chairCasting')}
            placeholder={t('councils:vote.noCasting')}
            options={(['yes', 'no'] as const).map((c) => ({
              value: c,
              label: t(`councils:vocab.choice.${c}`),
            }))}
          />
        ) : null}
        <TextArea
          name="resolution"
          label={t('councils:vote.resolution')}
          hint={t('councils:vote.resolutionHint')}
          value={v.resolution}
          error={e('resolution')}
          optionalText={t('councils:form.optional')}
        />
        <Button type="submit">{t('councils:vote.submit')}</Button>{' '}
        <a href={`${p.base}/meetings/${p.meeting.id}#item-${p.item.id}`}>{t('cancel')}</a>
      </form>
    </>
  );
}

export function ConflictFormView(p: {
  t: TFunction;
  lang: string;
  base: string;
  csrf: string;
  meeting: Meeting;
  item: AgendaItem;
  members: Option[];
  values: FormValues;
  errors: Errors;
}) {
  const { t, values: v } = p;
  const e = (n: string) => err(t, p.errors, n);
  return (
    <>
      <p>
        <a href={`${p.base}/meetings/${p.meeting.id}#item-${p.item.id}`}>
          {meetingName(t, p.meeting, p.lang)}
        </a>
      </p>
      <h1>{t('councils:conflict.title', { position: p.item.position, title: p.item.title })}</h1>
      <p>{t('councils:conflict.intro')}</p>
      <ErrorSummary title={t('errorSummaryTitle')} errors={summary(t, p.errors)} />
      <form method="post" action={`${p.base}/items/${p.item.id}/conflict`} noValidate className="q-form">
        <CsrfField token={p.csrf} />
        <SelectField
          name="memberId"
          label={t('councils:conflict.member')}
          value={v.memberId}
          error={e('memberId')}
          placeholder={t('councils:body.choose')}
          options={p.members}
        />
        <TextField
          name="note"
          label={t('councils:conflict.note')}
          hint={t('councils:conflict.noteHint')}
          value={v.note}
          error={e('note')}
          optionalText={t('councils:form.optional')}
        />
        <Button type="submit">{t('councils:conflict.submit')}</Button>{' '}
        <a href={`${p.base}/meetings/${p.meeting.id}#item-${p.item.id}`}>{t('cancel')}</a>
      </form>
    </>
  );
}

export function CirculationFormView(p: {
  t: TFunction;
  base: string;
  csrf: string;
  body: Body;
  values: FormValues;
  errors: Errors;
}) {
  const { t, values: v } = p;
  const e = (n: string) => err(t, p.errors, n);
  return (
    <>
      <p>
        <a href={`${p.base}/${p.body.id}`}>{p.body.name}</a>
      </p>
      <h1>{t('councils:circulation.newTitle', { name: p.body.name })}</h1>
      <p>{t('councils:circulation.intro')}</p>
      <ErrorSummary title={t('errorSummaryTitle')} errors={summary(t, p.errors)} />
      <form method="post" action={`${p.base}/${p.body.id}/circulations/new`} noValidate className="q-form">
        <CsrfField token={p.csrf} />
        <TextField
          name="title"
          label={t('councils:circulation.title')}
          value={v.title}
          required
          error={e('title')}
        />
        <TextArea
          name="motion"
          label={t('councils:circulation.motion')}
          value={v.motion}
          error={e('motion')}
          optionalText={t('councils:form.optional')}
        />
        <TextField
          name="closesOn"
          type="date"
          label={t('councils:circulation.closesOn')}
          hint={t('councils:circulation.closesHint')}
          value={v.closesOn}
          required
          error={e('closesOn')}
        />
        <TextField
          name="closesTime"
          type="time"
          label={t('councils:circulation.closesTime')}
          value={v.closesTime}
          required
          error={e('closesTime')}
          width={10}
        />
        <Button type="submit">{t('councils:circulation.submit')}</Button>{' '}
        <a href={`${p.base}/${p.body.id}`}>{t('cancel')}</a>
      </form>
    </>
  );
}

export function CirculationPageView(p: {
  t: TFunction;
  lang: string;
  base: string;
  csrf: string;
  body: Body;
  circulation: Circulation;
  state: Omit<CirculationState, 'counts' | 'result'> & Partial<Pick<CirculationState, 'counts' | 'result'>>;
  entitled: Member[];
  voted: Set<string>;
  manage: boolean;
  errors: Errors;
  notice?: string;
}) {
  const { t, circulation: c, state: s } = p;
  return (
    <>
      <p>
        <a href={`${p.base}/${p.body.id}#circulations`}>{p.body.name}</a>
      </p>
      <h1>{c.title}</h1>
      {p.notice ? <Alert variant="success" title={t(p.notice)} role="status" /> : null}
      <ErrorSummary title={t('errorSummaryTitle')} errors={summary(t, p.errors)} />
      {c.motion ? <p className="q-prewrap">{c.motion}</p> : null}
      <KeyValueList
        items={[
          {
            term: t('councils:circulation.window'),
            value: `${formatDateTime(c.opensAt, p.lang)} – ${formatDateTime(c.closesAt, p.lang)}`,
          },
          {
            term: t('councils:circulation.participation'),
            value: t('councils:circulation.votedOf', {
              voted: s.voted,
              entitled: s.entitled,
              needed: s.needed,
            }),
          },
          {
            term: t('councils:meeting.status'),
            value: c.closedAt
              ? t('councils:circulation.closedOn', { date: formatDateTime(c.closedAt, p.lang) })
              : t('councils:circulation.running'),
          },
          ...(s.result && s.counts
            ? [
                {
                  term: t('councils:circulation.result'),
                  value: `${t(`councils:vocab.result.${s.result}`)} — ${t('councils:circulation.counts', { ...s.counts })}`,
                },
              ]
            : []),
        ]}
      />
      <DataTable
        caption={t('councils:circulation.membersCaption', { count: p.entitled.length })}
        rows={p.entitled}
        rowKey={(m) => m.id}
        emptyMessage={t('councils:staff.noMembers')}
        stack
        columns={[
          { key: 'name', header: t('councils:member.name'), rowHeader: true, cell: (m) => nameOf(t, m) },
          {
            key: 'voted',
            header: t('councils:circulation.hasVoted'),
            cell: (m) => t(p.voted.has(m.id) ? 'councils:body.yes' : 'councils:body.no'),
          },
        ]}
      />
      {p.manage && !c.closedAt ? (
        <form method="post" action={`${p.base}/circulations/${c.id}/close`} noValidate className="q-form">
          <CsrfField token={p.csrf} />
          <p id="closesAt">{t('councils:circulation.closeIntro')}</p>
          <Button type="submit" variant="secondary">
            {t('councils:circulation.close')}
          </Button>
        </form>
      ) : null}
    </>
  );
}

/** The body page's list of circulation votes. */
export function CirculationList(p: { t: TFunction; lang: string; base: string; list: Circulation[] }) {
  const { t } = p;
  return (
    <DataTable
      caption={t('councils:circulation.listCaption', { count: p.list.length })}
      hideCaption
      rows={p.list}
      rowKey={(c) => c.id}
      emptyMessage={t('councils:circulation.none')}
      stack
      columns={[
        {
          key: 'title',
          header: t('councils:circulation.title'),
          rowHeader: true,
          cell: (c) => <a href={`${p.base}/circulations/${c.id}`}>{c.title}</a>,
        },
        {
          key: 'closes',
          header: t('councils:circulation.closesOn'),
          cell: (c) => formatDateTime(c.closesAt, p.lang),
        },
        {
          key: 'result',
          header: t('councils:circulation.result'),
          cell: (c) =>
            c.result ? t(`councils:vocab.result.${c.result}`) : t('councils:circulation.running'),
        },
      ]}
    />
  );
}

export function MinutesPageView(p: {
  t: TFunction;
  lang: string;
  base: string;
  csrf: string;
  view: MeetingView;
  members: Member[];
  manage: boolean;
  values: FormValues;
  errors: Errors;
  notice?: string;
}) {
  const { t, view } = p;
  const m = view.meeting;
  const e = (n: string) => err(t, p.errors, n);
  const byId = new Map(p.members.map((x) => [x.id, x]));
  const name = (id: string) => {
    const x = byId.get(id);
    return x ? nameOf(t, x) : '–';
  };
  const editable = p.manage && (m.minutesStatus === 'draft' || m.minutesStatus === 'circulated');
  const action = (path: string, label: string, variant: 'primary' | 'secondary' = 'secondary') => (
    <form method="post" action={`${p.base}/meetings/${m.id}/minutes/${path}`} className="q-inline">
      <CsrfField token={p.csrf} />
      <Button type="submit" variant={variant}>
        {label}
      </Button>
    </form>
  );
  return (
    <>
      <p>
        <a href={`${p.base}/meetings/${m.id}`}>{meetingName(t, m, p.lang)}</a>
      </p>
      <h1>{t('councils:minutes.title', { date: formatDate(m.startsAt, p.lang) })}</h1>
      {p.notice ? <Alert variant="success" title={t(p.notice)} role="status" /> : null}
      <ErrorSummary title={t('errorSummaryTitle')} errors={summary(t, p.errors)} />
      <p id="minutes">
        <strong>{t('councils:meetingPage.minutes')}:</strong>{' '}
        {t(`councils:vocab.minutesStatus.${m.minutesStatus}`)}
        {m.minutesPublishedAt ? ` · ${t('councils:minutes.published')}` : ''}
      </p>
      <p>{t(`councils:minutes.explain.${m.minutesStatus}`)}</p>
      <div className="q-actions">
        {p.manage && m.minutesStatus === 'none' && m.status === 'held'
          ? action('draft', t('councils:minutes.draft'), 'primary')
          : null}
        {editable ? action('circulate', t('councils:minutes.circulate')) : null}
        {m.minutesStatus !== 'none' ? (
          <a href={`${p.base}/meetings/${m.id}/minutes.pdf`}>{t('councils:minutes.pdf')}</a>
        ) : null}
      </div>
      {m.minutesStatus === 'none' ? null : (
        <form method="post" action={`${p.base}/meetings/${m.id}/minutes`} noValidate className="q-form">
          <CsrfField token={p.csrf} />
          <h2>{t('councils:meetingPage.attendance')}</h2>
          <p>
            {view.attendance
              .filter((a) => ['present', 'late', 'left_early'].includes(a.status))
              .map((a) => name(a.memberId))
              .join(', ') || '–'}
            {m.guestNames.length ? ` · ${t('councils:attendance.guests')}: ${m.guestNames.join(', ')}` : ''}
          </p>
          <h2>{t('councils:meetingPage.agenda')}</h2>
          <ol className="q-agenda">
            {view.items.map((item) => (
              <li key={item.id} className="q-card">
                <h3>
                  {t('councils:meetingPage.itemHeading', { position: item.position, title: item.title })}
                </h3>
                {editable ? (
                  <TextArea
                    name={`minutes.${item.id}`}
                    label={t('councils:minutes.itemText', { position: item.position })}
                    value={p.values[`minutes.${item.id}`] ?? item.minutes}
                    error={e(`minutes.${item.id}`)}
                    optionalText={t('councils:form.optional')}
                    rows={4}
                  />
                ) : item.minutes ? (
                  <p className="q-prewrap">{item.minutes}</p>
                ) : null}
                <VoteResults t={t} item={item} name={name} />
              </li>
            ))}
          </ol>
          {editable ? <Button type="submit">{t('councils:minutes.save')}</Button> : null}
        </form>
      )}
    </>
  );
}
