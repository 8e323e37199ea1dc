// The settlement (proof of use, FUND-4) on screen. Public, behind the applicant's private link (no
// script, five languages): the actual cost of each cost line, the participants by age group and
// optionally gender, a short report, saved or submitted; receipts and photos uploaded one at a time
// in their own form (a file cannot come back with a refused form) and removed while it may change.
// Staff: the settlement with its sums, receipts and photos, and accept / ask for corrections / claim
// back unspent money. Parse → use case → render.
import type { Context, Hono } from 'hono';
import { actorOf } from '../../../platform/authz.ts';
import { isUuid } from '../../../platform/db/index.ts';
import { rawText } from '../../../platform/forms/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { enforceLimit } from '../../../platform/http/public-form.ts';
import { formData } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { formatMoney } from '../../../platform/i18n/index.ts';
import { formatDate } from '../../../platform/time/index.ts';
import {
  Alert,
  Button,
  CheckboxField,
  FileField,
  FormFrame,
  KeyValueList,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
} from '../../../ui/index.ts';
import { publicPage, staffPage } from '../../../ui/page.tsx';
import { AGE_GROUPS, GENDERS, participantTotal } from '../domain/settlement.ts';
import {
  acceptSettlement,
  addSettlementFileByToken,
  claimBackUnspent,
  removeSettlementFileByToken,
  requestSettlementCorrections,
  type SettlementInput,
  type SettlementView,
  saveSettlementByToken,
  settlementByToken,
  settlementFileByToken,
  settlementFileFor,
  settlementFor,
} from '../use-cases/settlement.ts';
import { centsToEuros, eurosToCents, type RawForm } from './public-form.ts';

type C = Context<AppEnv>;
type Values = Record<string, string>;

const AGE_LABEL = {
  participantsChildren: 'children',
  participantsYouth: 'youth',
  participantsAdults: 'adults',
  participantsSeniors: 'seniors',
} as const;
const GENDER_LABEL = {
  participantsFemale: 'female',
  participantsMale: 'male',
  participantsDiverse: 'diverse',
} as const;
const PARTICIPANT_FIELDS = [...AGE_GROUPS, ...GENDERS] as const;

/** Private-link pages per client address (shared with the application's own pages). */
const LINK_LIMIT = { perIp: 60, windowSeconds: 600 };

function privateHeaders(c: C) {
  c.header('Cache-Control', 'private, no-store');
  c.header('X-Robots-Tag', 'noindex, nofollow');
}

/** The settlement form as posted: the input, the values as typed and the form's own messages (euros). */
export function readSettlementForm(body: RawForm, view: SettlementView) {
  const values: Values = {};
  const errors: Record<string, string> = {};
  const actualCosts: NonNullable<SettlementInput['actualCosts']> = [];
  view.costLines.forEach((l, i) => {
    const typed = rawText(body[`actual_${i}`]);
    values[`actual_${i}`] = typed;
    const cents = eurosToCents(typed);
    if (cents === null) errors[`actual_${i}`] = 'funds:errors.euros';
    actualCosts.push({ costLineId: l.id, actualCents: cents ?? null });
  });
  values.report = rawText(body.report);
  const input: SettlementInput = { actualCosts, report: values.report };
  for (const f of PARTICIPANT_FIELDS) {
    values[f] = rawText(body[f]);
    (input as Record<string, unknown>)[f] =
      values[f] === '' ? null : /^\d{1,9}$/.test(values[f]) ? Number(values[f]) : values[f];
  }
  return { input, values, errors };
}

/** A use case's field as the form's field name. */
function formField(field: string): string {
  const m = /^(?:actualCosts|receipt)\.(\d+)/.exec(field);
  return m ? `actual_${m[1]}` : field;
}

const formErrors = (err: unknown): Record<string, string> => {
  if (!(err instanceof ValidationError)) throw err;
  return Object.fromEntries(Object.entries(err.fields).map(([f, k]) => [formField(f), k]));
};

function valuesOf(view: SettlementView): Values {
  const v: Values = { report: view.settlement?.report ?? '' };
  view.costLines.forEach((l, i) => {
    v[`actual_${i}`] = l.actualCents === null ? '' : centsToEuros(l.actualCents);
  });
  for (const f of PARTICIPANT_FIELDS) {
    const n = view.settlement?.[f];
    v[f] = n === null || n === undefined ? '' : String(n);
  }
  return v;
}

// ── Public: the applicant's settlement ─────────────────────────────────────────────────────────

async function settlementPage(
  c: C,
  token: string,
  o: {
    values?: Values;
    errors?: Record<string, string>;
    uploadErrors?: Record<string, string>;
    upload?: Values;
    notice?: string;
  } = {},
) {
  const t = c.get('t');
  const lang = c.get('lang');
  const tenant = c.get('tenant')!;
  const view = await settlementByToken(c.get('services').db, tenant.id, token);
  const a = view.application;
  const base = `/${tenant.slug}/funds/applications/${token}`;
  const values = o.values ?? valuesOf(view);
  const errors = o.errors ?? {};
  const uploadErrors = o.uploadErrors ?? {};
  const upload = o.upload ?? { kind: 'receipt' };
  const tr = (m: Record<string, string>) =>
    Object.fromEntries(Object.entries(m).map(([k, key]) => [k, String(t(key))]));
  const err = (k: string) => (errors[k] ? String(t(errors[k])) : undefined);
  const uerr = (k: string) => (uploadErrors[k] ? String(t(uploadErrors[k])) : undefined);
  const s = view.settlement;
  const itemOf = (id: string | null) => view.costLines.find((l) => l.id === id)?.item ?? '';
  const failed = Object.keys(errors).length || Object.keys(uploadErrors).length;
  return publicPage(c, {
    title: t('funds:settlement.title', { title: a.title }),
    status: failed ? 422 : 200,
    children: (
      <>
        <h1 dir="auto">{t('funds:settlement.title', { title: a.title })}</h1>
        <p>
          <a href={base}>{t('funds:settlement.back')}</a>
        </p>
        {o.notice ? (
          <Alert variant="success" title={t(`funds:settlement.notices.${o.notice}`)} role="status" />
        ) : null}
        {errors.status ? <Alert variant="error" title={t(errors.status)} /> : null}
        <p>{t('funds:settlement.intro')}</p>
        {view.dueOn && view.writable ? (
          <p>{t('funds:settlement.dueOn', { date: formatDate(view.dueOn, lang) })}</p>
        ) : null}
        {s ? (
          <p>
            <strong>{t(`funds:settlement.state.${s.status}`)}</strong>
          </p>
        ) : null}
        {s?.status === 'corrections' && s.staffNote ? (
          <Alert variant="warning" title={t('funds:settlement.correctionsNote')}>
            <span dir="auto">{s.staffNote}</span>
          </Alert>
        ) : null}
        {view.writable ? (
          <FormFrame
            action={`${base}/settlement`}
            csrf={csrfTokenFor(c)}
            errors={tr(Object.fromEntries(Object.entries(errors).filter(([k]) => k !== 'status')))}
            errorTitle={t('errorSummaryTitle')}
          >
            <h2>{t('funds:settlement.costs')}</h2>
            <p className="kern-hint">{t('funds:settlement.costsHint')}</p>
            {view.costLines.map((l, i) => (
              <TextField
                key={l.id}
                name={`actual_${i}`}
                label={t('funds:settlement.actual', { item: l.item })}
                hint={t('funds:settlement.planned', { amount: formatMoney(l.amountCents, lang) })}
                value={values[`actual_${i}`]}
                error={err(`actual_${i}`)}
                inputMode="decimal"
                width={10}
                maxLength={20}
              />
            ))}
            <h2>{t('funds:settlement.participants')}</h2>
            <fieldset className="kern-fieldset">
              <legend className="kern-label">{t('funds:settlement.ageLegend')}</legend>
              {/* The fields below the legend (KERN lays out a fieldset's body; without it they float beside it). */}
              <div className="kern-fieldset__body">
                {AGE_GROUPS.map((f) => (
                  <TextField
                    key={f}
                    name={f}
                    label={t(`funds:settlement.age.${AGE_LABEL[f]}`)}
                    value={values[f]}
                    error={err(f)}
                    inputMode="numeric"
                    width={4}
                    maxLength={9}
                  />
                ))}
              </div>
            </fieldset>
            <fieldset className="kern-fieldset">
              <legend className="kern-label">{t('funds:settlement.genderLegend')}</legend>
              <div className="kern-fieldset__body">
                {GENDERS.map((f) => (
                  <TextField
                    key={f}
                    name={f}
                    label={t(`funds:settlement.gender.${GENDER_LABEL[f]}`)}
                    value={values[f]}
                    error={err(f)}
                    inputMode="numeric"
                    width={4}
                    maxLength={9}
                  />
                ))}
              </div>
            </fieldset>
            <TextArea
              name="report"
              label={t('funds:settlement.report')}
              value={values.report}
              error={err('report')}
              maxLength={10_000}
              rows={6}
            />
            <div className="q-actions">
              <Button type="submit" name="intent" value="submit">
                {t('funds:settlement.submit')}
              </Button>
              <Button type="submit" name="intent" value="save" variant="secondary">
                {t('funds:settlement.save')}
              </Button>
            </div>
          </FormFrame>
        ) : (
          <KeyValueList
            items={[
              ...view.costLines.map((l) => ({
                term: l.item,
                value: l.actualCents === null ? '' : formatMoney(l.actualCents, lang),
              })),
              {
                term: t('funds:settlement.actualTotal'),
                value: formatMoney(view.sums.actualTotalCents, lang),
              },
              {
                term: t('funds:settlement.participants'),
                value: String(s ? (participantTotal(s) ?? '') : ''),
              },
              { term: t('funds:settlement.report'), value: s?.report ?? '' },
            ]}
          />
        )}
        <h2>{t('funds:settlement.files')}</h2>
        {view.files.length ? (
          <ul>
            {view.files.map((f) => (
              <li key={f.id}>
                <a href={`${base}/settlement/files/${f.id}`} dir="auto">
                  {f.kind === 'receipt'
                    ? t('funds:settlement.receiptFor', { item: itemOf(f.costLineId) })
                    : t('funds:settlement.photo')}
                </a>{' '}
                <span dir="auto">
                  ({f.name}
                  {f.caption ? `, ${f.caption}` : ''})
                </span>
                {f.kind === 'photo' && f.consent ? ` – ${t('funds:settlement.mayShow')}` : ''}
                {view.writable ? (
                  <form method="post" action={`${base}/settlement/files/${f.id}/remove`} className="q-inline">
                    <input type="hidden" name="_csrf" value={csrfTokenFor(c)} />
                    <Button type="submit" variant="tertiary">
                      {t('funds:settlement.remove')}
                    </Button>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('funds:settlement.noFiles')}</p>
        )}
        {view.writable ? (
          <section aria-labelledby="upload">
            <h2 id="upload">{t('funds:settlement.uploadTitle')}</h2>
            <FormFrame
              action={`${base}/settlement/files`}
              csrf={csrfTokenFor(c)}
              errors={tr(uploadErrors)}
              errorTitle={t('errorSummaryTitle')}
              multipart
              prefix="up-"
            >
              <RadioGroup
                name="kind"
                id="up-kind"
                label={t('funds:settlement.kind')}
                value={upload.kind || 'receipt'}
                options={[
                  { value: 'receipt', label: t('funds:settlement.kindReceipt') },
                  { value: 'photo', label: t('funds:settlement.kindPhoto') },
                ]}
                error={uerr('kind')}
              />
              <SelectField
                name="costLineId"
                id="up-costLineId"
                label={t('funds:settlement.line')}
                value={upload.costLineId ?? ''}
                options={view.costLines.map((l) => ({ value: l.id, label: l.item }))}
                error={uerr('costLineId')}
              />
              <FileField
                name="file"
                id="up-file"
                label={t('funds:settlement.file')}
                hint={t('funds:settlement.uploadHint')}
                accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                error={uerr('file')}
              />
              <TextField
                name="caption"
                id="up-caption"
                label={t('funds:settlement.caption')}
                value={upload.caption ?? ''}
                error={uerr('caption')}
                maxLength={300}
              />
              <CheckboxField
                name="consent"
                id="up-consent"
                value="yes"
                checked={upload.consent === 'yes'}
                label={t('funds:settlement.consent')}
              />
              <Button type="submit">{t('funds:settlement.upload')}</Button>
            </FormFrame>
          </section>
        ) : null}
      </>
    ),
  });
}

export function mountPublicSettlementPages(pub: Hono<AppEnv>): void {
  const tokenOf = (c: C) => c.req.param('token') ?? '';
  const tenantId = (c: C) => c.get('tenant')!.id;
  const guard = async (c: C) => {
    privateHeaders(c);
    await enforceLimit(c, 'funds-link', LINK_LIMIT.perIp, LINK_LIMIT.windowSeconds);
  };
  const back = (c: C, notice: string) =>
    c.redirect(`/${c.get('tenant')!.slug}/funds/applications/${tokenOf(c)}/settlement?done=${notice}`, 303);

  pub.get('/funds/applications/:token/settlement', async (c) => {
    await guard(c);
    const notice = c.req.query('done');
    return settlementPage(c, tokenOf(c), {
      notice: notice && /^\w{1,20}$/.test(notice) ? notice : undefined,
    });
  });

  pub.post('/funds/applications/:token/settlement', async (c) => {
    await guard(c);
    const db = c.get('services').db;
    const view = await settlementByToken(db, tenantId(c), tokenOf(c));
    const body = await formData(c);
    const submit = body.intent === 'submit';
    const r = readSettlementForm(body, view);
    if (Object.keys(r.errors).length)
      return settlementPage(c, tokenOf(c), { values: r.values, errors: r.errors });
    try {
      await saveSettlementByToken(db, tenantId(c), tokenOf(c), r.input, { submit });
    } catch (err) {
      return settlementPage(c, tokenOf(c), { values: r.values, errors: formErrors(err) });
    }
    return back(c, submit ? 'submitted' : 'saved');
  });

  pub.post('/funds/applications/:token/settlement/files', async (c) => {
    await guard(c);
    const body = await formData(c);
    const file = body.file instanceof File ? body.file : null;
    const upload = {
      kind: rawText(body.kind as string),
      costLineId: rawText(body.costLineId as string),
      caption: rawText(body.caption as string),
      consent: rawText(body.consent as string),
    };
    try {
      await addSettlementFileByToken(c.get('services'), tenantId(c), tokenOf(c), {
        file,
        kind: upload.kind,
        costLineId: upload.costLineId || null,
        caption: upload.caption,
        consent: upload.consent === 'yes',
      });
    } catch (err) {
      const e = formErrors(err);
      const { status, ...fields } = e;
      return settlementPage(c, tokenOf(c), {
        upload,
        uploadErrors: fields,
        errors: status ? { status } : {},
      });
    }
    return back(c, 'uploaded');
  });

  pub.post('/funds/applications/:token/settlement/files/:settlementFileId/remove', async (c) => {
    await guard(c);
    const id = c.req.param('settlementFileId');
    if (!isUuid(id)) throw new AppError(404, 'file_not_found');
    try {
      await removeSettlementFileByToken(c.get('services'), tenantId(c), tokenOf(c), id);
    } catch (err) {
      return settlementPage(c, tokenOf(c), { errors: formErrors(err) });
    }
    return back(c, 'removed');
  });

  pub.get('/funds/applications/:token/settlement/files/:settlementFileId', async (c) => {
    await guard(c);
    const id = c.req.param('settlementFileId');
    if (!isUuid(id)) throw new AppError(404, 'file_not_found');
    const { file, bytes } = await settlementFileByToken(c.get('services'), tenantId(c), tokenOf(c), id);
    return fileResponse(file, bytes);
  });
}

/** A receipt or photo: its checked type, never sniffed, a PDF as a download. */
function fileResponse(file: { contentType: string; name: string }, bytes: Buffer) {
  const headers: Record<string, string> = {
    'Content-Type': file.contentType,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  };
  if (file.contentType === 'application/pdf')
    headers['Content-Disposition'] = `attachment; filename="${file.name.replace(/[^\w.-]+/g, '_')}"`;
  return new Response(new Uint8Array(bytes), { status: 200, headers });
}

// ── Staff: check the settlement ────────────────────────────────────────────────────────────────

async function staffSettlementPage(c: C, errors: Record<string, string> = {}, values: Values = {}) {
  const t = c.get('t');
  const lang = c.get('lang');
  const actor = actorOf(c);
  const id = c.req.param('applicationId') ?? '';
  if (!isUuid(id)) throw new AppError(404, 'application_not_found');
  const view = await settlementFor(actor, c.get('services').db, id);
  const a = view.application;
  const s = view.settlement;
  const base = `/staff/${c.get('tenant')!.slug}/funds/applications/${a.id}`;
  const money = (n: number) => formatMoney(n, lang);
  const err = (k: string) => (errors[k] ? String(t(errors[k])) : undefined);
  const tr = (m: Record<string, string>) =>
    Object.fromEntries(Object.entries(m).map(([k, key]) => [k, String(t(key))]));
  return staffPage(c, {
    title: String(t('funds:staff.settlement.title', { title: a.title })),
    status: Object.keys(errors).length ? 422 : 200,
    children: (
      <>
        <p>
          <a href={base}>{t('funds:staff.settlement.back')}</a>
        </p>
        <h1 dir="auto">{t('funds:staff.settlement.title', { title: a.title })}</h1>
        {view.dueOn ? (
          <p>{t('funds:staff.settlement.dueOn', { date: formatDate(view.dueOn, lang) })}</p>
        ) : null}
        {!s ? (
          <p>{t('funds:staff.settlement.none')}</p>
        ) : (
          <p>
            <strong>{t(`funds:settlement.state.${s.status}`)}</strong>
          </p>
        )}
        <h2>{t('funds:staff.settlement.costs')}</h2>
        <div className="q-table-wrap">
          <table className="kern-table">
            <thead>
              <tr>
                <th scope="col">{t('funds:staff.settlement.line')}</th>
                <th scope="col">{t('funds:staff.settlement.planned')}</th>
                <th scope="col">{t('funds:staff.settlement.actual')}</th>
                <th scope="col">{t('funds:staff.settlement.receipts')}</th>
              </tr>
            </thead>
            <tbody>
              {view.costLines.map((l) => (
                <tr key={l.id}>
                  <td dir="auto">{l.item}</td>
                  <td>{money(l.amountCents)}</td>
                  <td>{l.actualCents === null ? '–' : money(l.actualCents)}</td>
                  <td>
                    {view.files
                      .filter((f) => f.kind === 'receipt' && f.costLineId === l.id)
                      .map((f) => (
                        <div key={f.id}>
                          <a href={`${base}/settlement/files/${f.id}`} dir="auto">
                            {f.name}
                          </a>
                        </div>
                      ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h2>{t('funds:staff.settlement.sums')}</h2>
        <KeyValueList
          items={[
            { term: t('funds:staff.settlement.actualTotal'), value: money(view.sums.actualTotalCents) },
            { term: t('funds:staff.settlement.ownMoney'), value: money(a.ownMoneyCents) },
            { term: t('funds:staff.settlement.fundShare'), value: money(view.sums.fundShareCents) },
            { term: t('funds:staff.settlement.overPaid'), value: money(view.sums.overPaidCents) },
            { term: t('funds:staff.settlement.unused'), value: money(view.sums.unusedCommitmentCents) },
          ]}
        />
        {s?.claimedBackCents !== null && s?.claimedBackCents !== undefined ? (
          <p>{t('funds:staff.settlement.claimed', { amount: money(s.claimedBackCents) })}</p>
        ) : null}
        {s ? (
          <>
            <h2>{t('funds:staff.settlement.participants')}</h2>
            <KeyValueList
              items={[
                ...PARTICIPANT_FIELDS.filter((f) => s[f] !== null).map((f) => ({
                  term:
                    f in AGE_LABEL
                      ? t(`funds:settlement.age.${AGE_LABEL[f as keyof typeof AGE_LABEL]}`)
                      : t(`funds:settlement.gender.${GENDER_LABEL[f as keyof typeof GENDER_LABEL]}`),
                  value: String(s[f]),
                })),
                { term: t('funds:staff.settlement.total'), value: String(participantTotal(s) ?? '–') },
              ]}
            />
            <h2>{t('funds:staff.settlement.report')}</h2>
            {(s.report || '–').split(/\n+/).map((line, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: static text
              <p key={i} dir="auto">
                {line}
              </p>
            ))}
            <h2>{t('funds:staff.settlement.photos')}</h2>
            <ul>
              {view.files
                .filter((f) => f.kind === 'photo')
                .map((f) => (
                  <li key={f.id}>
                    <a href={`${base}/settlement/files/${f.id}`} dir="auto">
                      {f.caption || f.name}
                    </a>{' '}
                    ({f.consent ? t('funds:staff.settlement.consent') : t('funds:staff.settlement.noConsent')}
                    )
                  </li>
                ))}
            </ul>
          </>
        ) : null}
        {s && s.status === 'submitted' && view.canProcess ? (
          <>
            <h2>{t('funds:staff.settlement.accept')}</h2>
            <FormFrame
              action={`${base}/settlement/accept`}
              csrf={csrfTokenFor(c)}
              errors={values.form === 'accept' ? tr(errors) : {}}
              errorTitle={t('errorSummaryTitle')}
              prefix="accept-"
            >
              <TextArea
                name="note"
                id="accept-note"
                label={t('funds:staff.settlement.acceptNote')}
                value={values.form === 'accept' ? values.note : ''}
                error={values.form === 'accept' ? err('note') : undefined}
                rows={3}
              />
              <input type="hidden" name="form" value="accept" />
              <Button type="submit">{t('funds:staff.settlement.accept')}</Button>
            </FormFrame>
            <h2>{t('funds:staff.settlement.corrections')}</h2>
            <FormFrame
              action={`${base}/settlement/corrections`}
              csrf={csrfTokenFor(c)}
              errors={values.form === 'corrections' ? tr(errors) : {}}
              errorTitle={t('errorSummaryTitle')}
              prefix="corr-"
            >
              <TextArea
                name="note"
                id="corr-note"
                label={t('funds:staff.settlement.correctionsNote')}
                value={values.form === 'corrections' ? values.note : ''}
                error={values.form === 'corrections' ? err('note') : undefined}
                rows={4}
                required
              />
              <input type="hidden" name="form" value="corrections" />
              <Button type="submit" variant="secondary">
                {t('funds:staff.settlement.corrections')}
              </Button>
            </FormFrame>
          </>
        ) : null}
        {s &&
        view.canProcess &&
        (s.status === 'submitted' || s.status === 'accepted') &&
        s.claimedBackCents === null &&
        (view.sums.overPaidCents > 0 || view.sums.unusedCommitmentCents > 0) ? (
          <>
            <h2>{t('funds:staff.settlement.claimBack')}</h2>
            <p>
              {t('funds:staff.settlement.claimBackHint', {
                overPaid: money(view.sums.overPaidCents),
                unused: money(view.sums.unusedCommitmentCents),
              })}
            </p>
            <FormFrame
              action={`${base}/settlement/claim`}
              csrf={csrfTokenFor(c)}
              errors={values.form === 'claim' ? tr(errors) : {}}
              errorTitle={t('errorSummaryTitle')}
              prefix="claim-"
            >
              <TextArea
                name="note"
                id="claim-note"
                label={t('funds:staff.settlement.claimNote')}
                value={values.form === 'claim' ? values.note : ''}
                error={values.form === 'claim' ? err('note') : undefined}
                rows={3}
              />
              <input type="hidden" name="form" value="claim" />
              <Button type="submit" variant="secondary">
                {t('funds:staff.settlement.claimBack')}
              </Button>
            </FormFrame>
          </>
        ) : null}
      </>
    ),
  });
}

export function mountStaffSettlementPages(staff: Hono<AppEnv>): void {
  const idOf = (c: C) => {
    const id = c.req.param('applicationId') ?? '';
    if (!isUuid(id)) throw new AppError(404, 'application_not_found');
    return id;
  };
  staff.get('/funds/applications/:applicationId/settlement', (c) => staffSettlementPage(c));
  staff.get('/funds/applications/:applicationId/settlement/files/:settlementFileId', async (c) => {
    const fileId = c.req.param('settlementFileId');
    if (!isUuid(fileId)) throw new AppError(404, 'file_not_found');
    const { file, bytes } = await settlementFileFor(actorOf(c), c.get('services'), idOf(c), fileId);
    return fileResponse(file, bytes);
  });
  const step = (form: string, run: (c: C, id: string, note: string) => Promise<unknown>) => async (c: C) => {
    const id = idOf(c);
    const body = await formData(c);
    const note = typeof body.note === 'string' ? body.note : '';
    try {
      await run(c, id, note);
    } catch (err) {
      if (err instanceof ValidationError) return staffSettlementPage(c, err.fields, { form, note });
      throw err;
    }
    return c.redirect(`/staff/${c.get('tenant')!.slug}/funds/applications/${id}/settlement`, 303);
  };
  staff.post(
    '/funds/applications/:applicationId/settlement/accept',
    step('accept', (c, id, note) => acceptSettlement(actorOf(c), c.get('services').db, id, { note })),
  );
  staff.post(
    '/funds/applications/:applicationId/settlement/corrections',
    step('corrections', (c, id, note) =>
      requestSettlementCorrections(actorOf(c), c.get('services').db, id, { note }),
    ),
  );
  staff.post(
    '/funds/applications/:applicationId/settlement/claim',
    step('claim', (c, id, note) => claimBackUnspent(actorOf(c), c.get('services').db, id, { note })),
  );
}
