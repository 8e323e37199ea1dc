// The staff forms of funds: a fund with its rules, a year's budget, the split across working groups
// and the year end. They take props (what was typed, the messages) and hold no rules.
import type { TFunction } from '../../../platform/i18n/index.ts';
import { formatDate } from '../../../platform/time/index.ts';
import {
  Button,
  CheckboxField,
  CheckboxGroup,
  FormFrame,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
} from '../../../ui/index.ts';
import { COST_KINDS, FUND_KINDS, YEAR_END_RULES } from '../domain/vocab.ts';
import type { Fund } from '../queries.ts';
import { fieldOf, type Posted } from './manage-form.ts';

type Errors = Record<string, string>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

/** Messages keyed by form field, in words. */
const messages = (t: TFunction, e: Errors) =>
  Object.fromEntries(Object.entries(e).map(([k, m]) => [fieldOf(k), String(t(m))]));

export interface FundFormProps {
  t: TFunction;
  action: string;
  csrf: string;
  values: Posted;
  errors: Errors;
  areas: { value: string; label: string }[];
  bodies: { id: string; name: string }[];
  parents: Fund[];
  submit: string;
}

export function FundForm(p: FundFormProps) {
  const { t, values: v } = p;
  const m = messages(t, p.errors);
  const f = (name: string) => ({ name, id: `fund-${name}`, error: m[name] });
  const bodyOptions = [
    { value: '', label: String(t('funds:manage.none')) },
    ...p.bodies.map((b) => ({ value: b.id, label: b.name })),
  ];
  return (
    <FormFrame
      action={p.action}
      csrf={p.csrf}
      prefix="fund-"
      errorTitle={t('funds:staff.errorTitle')}
      errors={m}
    >
      <h2>{t('funds:manage.basics')}</h2>
      <TextField {...f('name')} label={t('funds:staff.name')} value={one(v.name)} maxLength={200} required />
      <SelectField
        {...f('kind')}
        label={t('funds:staff.kind')}
        value={one(v.kind)}
        options={FUND_KINDS.map((k) => ({ value: k, label: String(t(`funds:vocab.kind.${k}`)) }))}
      />
      <SelectField
        {...f('areaId')}
        label={t('funds:manage.area')}
        value={one(v.areaId)}
        options={[{ value: '', label: String(t('funds:manage.noArea')) }, ...p.areas]}
      />
      <SelectField
        {...f('decidingBodyId')}
        label={t('funds:staff.decidingBody')}
        value={one(v.decidingBodyId)}
        options={bodyOptions}
      />
      <SelectField
        {...f('workingGroupId')}
        label={t('funds:manage.workingGroup')}
        value={one(v.workingGroupId)}
        options={bodyOptions}
      />
      <SelectField
        {...f('parentFundId')}
        label={t('funds:manage.parentFund')}
        hint={t('funds:manage.parentHint')}
        value={one(v.parentFundId)}
        options={[
          { value: '', label: String(t('funds:manage.none')) },
          ...p.parents.map((x) => ({ value: x.id, label: x.name })),
        ]}
      />
      <TextField
        {...f('fundingSource')}
        label={t('funds:manage.fundingSource')}
        value={one(v.fundingSource)}
        maxLength={300}
      />
      <TextField
        {...f('programme')}
        label={t('funds:manage.programme')}
        value={one(v.programme)}
        maxLength={300}
      />
      <TextArea
        {...f('goals')}
        label={t('funds:manage.goals')}
        hint={t('funds:manage.goalsHint')}
        value={one(v.goals)}
        rows={4}
        maxLength={5000}
      />
      <TextArea
        {...f('criteria')}
        label={t('funds:manage.criteria')}
        hint={t('funds:manage.criteriaHint')}
        value={one(v.criteria)}
        rows={4}
      />
      <TextArea
        {...f('targetGroups')}
        label={t('funds:manage.targetGroups')}
        hint={t('funds:manage.targetGroupsHint')}
        value={one(v.targetGroups)}
        rows={4}
      />
      <h2>{t('funds:manage.rules')}</h2>
      <TextField
        {...f('cap')}
        label={t('funds:fields.cap')}
        hint={t('funds:manage.capHint')}
        value={one(v.cap)}
        inputMode="decimal"
        width={10}
      />
      <CheckboxGroup
        {...f('allowedCostKinds')}
        label={t('funds:staff.costKinds')}
        hint={t('funds:manage.costKindsHint')}
        values={
          Array.isArray(v.allowedCostKinds)
            ? v.allowedCostKinds
            : v.allowedCostKinds
              ? [v.allowedCostKinds]
              : []
        }
        options={COST_KINDS.map((k) => ({ value: k, label: t(`funds:vocab.costKind.${k}`) }))}
      />
      <TextField
        {...f('ownContributionPercent')}
        label={t('funds:fields.ownShare')}
        hint={t('funds:manage.ownShareHint')}
        value={one(v.ownContributionPercent)}
        inputMode="numeric"
        width={4}
      />
      <TextField
        {...f('hourRate')}
        label={t('funds:fields.hourRate')}
        hint={t('funds:manage.hourRateHint')}
        value={one(v.hourRate)}
        inputMode="decimal"
        width={10}
      />
      <TextField
        {...f('deadlineDaysBeforeSession')}
        label={t('funds:fields.deadlineDays')}
        hint={t('funds:manage.deadlineHint')}
        value={one(v.deadlineDaysBeforeSession)}
        inputMode="numeric"
        width={4}
      />
      <CheckboxField
        {...f('noStartBeforeDecision')}
        label={t('funds:staff.noStart')}
        checked={one(v.noStartBeforeDecision) === 'on'}
      />
      <RadioGroup
        {...f('yearEndRule')}
        label={t('funds:staff.yearEnd')}
        value={one(v.yearEndRule)}
        options={YEAR_END_RULES.map((r) => ({ value: r, label: t(`funds:vocab.yearEnd.${r}`) }))}
      />
      <CheckboxField
        {...f('publicBalance')}
        label={t('funds:manage.publicBalance')}
        checked={one(v.publicBalance) === 'on'}
      />
      <Button>{p.submit}</Button>
    </FormFrame>
  );
}

export function BudgetForm(p: {
  t: TFunction;
  action: string;
  csrf: string;
  values: Posted;
  errors: Errors;
  /** The year is fixed on a fund-year's page. */
  year?: number;
}) {
  const { t, values: v } = p;
  const m = messages(t, p.errors);
  return (
    <FormFrame
      action={p.action}
      csrf={p.csrf}
      prefix="budget-"
      errorTitle={t('funds:staff.errorTitle')}
      errors={m}
    >
      {p.year === undefined ? (
        <TextField
          name="year"
          id="budget-year"
          label={t('funds:fields.year')}
          value={one(v.year)}
          inputMode="numeric"
          width={4}
          error={m.year}
        />
      ) : (
        <input type="hidden" name="year" value={String(p.year)} />
      )}
      <TextField
        name="budget"
        id="budget-budget"
        label={t('funds:fields.budget')}
        hint={t('funds:manage.euroHint')}
        value={one(v.budget)}
        inputMode="decimal"
        width={10}
        error={m.budget}
      />
      <TextField
        name="reason"
        id="budget-reason"
        label={t('funds:staff.reason')}
        value={one(v.reason)}
        maxLength={1000}
        error={m.reason}
      />
      <Button variant="secondary">{t('funds:manage.budgetSave')}</Button>
    </FormFrame>
  );
}

export function SplitForm(p: {
  t: TFunction;
  action: string;
  csrf: string;
  values: Posted;
  errors: Errors;
  shares: { fund: Fund }[];
}) {
  const { t, values: v } = p;
  const first = p.shares[0] ? `share_${p.shares[0].fund.id}` : 'reason';
  // Messages about the split as a whole (or one of its rows by index) stand at the first amount.
  const m = Object.fromEntries(
    Object.entries(p.errors).map(([k, msg]) => [k.startsWith('shares') ? first : fieldOf(k), String(t(msg))]),
  );
  return (
    <FormFrame
      action={p.action}
      csrf={p.csrf}
      prefix="split-"
      errorTitle={t('funds:staff.errorTitle')}
      errors={m}
    >
      {p.shares.map((s) => (
        <TextField
          key={s.fund.id}
          name={`share_${s.fund.id}`}
          id={`split-share_${s.fund.id}`}
          label={s.fund.name}
          value={one(v[`share_${s.fund.id}`])}
          inputMode="decimal"
          width={10}
          error={m[`share_${s.fund.id}`]}
        />
      ))}
      <TextField
        name="reason"
        id="split-reason"
        label={t('funds:staff.reason')}
        value={one(v.reason)}
        maxLength={1000}
        error={m.reason}
      />
      <Button variant="secondary">{t('funds:manage.splitSave')}</Button>
    </FormFrame>
  );
}

export function YearEndForm(p: {
  t: TFunction;
  action: string;
  csrf: string;
  errors: Errors;
  year: number;
  text: string;
}) {
  const { t } = p;
  const m = Object.fromEntries(Object.entries(p.errors).map(([, msg]) => ['confirm', String(t(msg))]));
  return (
    <FormFrame
      action={p.action}
      csrf={p.csrf}
      prefix="close-"
      errorTitle={t('funds:staff.errorTitle')}
      errors={m}
    >
      <p>{p.text}</p>
      <CheckboxField
        name="confirm"
        id="close-confirm"
        label={t('funds:manage.confirmClose', { year: p.year })}
        error={m.confirm}
      />
      <Button variant="secondary">{t('funds:manage.close')}</Button>
    </FormFrame>
  );
}

/** Archive the fund (or take it back): a button below the fund's form. */
export function ArchiveForm(p: {
  t: TFunction;
  action: string;
  csrf: string;
  archivedAt: Date | null;
  lang: string;
}) {
  const { t } = p;
  return (
    <>
      <h2>{t('funds:archive.title')}</h2>
      <FormFrame
        action={p.action}
        csrf={p.csrf}
        prefix="archive-"
        errorTitle={t('funds:staff.errorTitle')}
        errors={{}}
      >
        <p>
          {p.archivedAt
            ? t('funds:archive.restoreText', {
                date: formatDate(p.archivedAt, p.lang, { weekday: undefined }),
              })
            : t('funds:archive.archiveText')}
        </p>
        <input type="hidden" name="archived" value={p.archivedAt ? 'off' : 'on'} />
        <Button variant="secondary">
          {t(p.archivedAt ? 'funds:archive.restore' : 'funds:archive.archive')}
        </Button>
      </FormFrame>
    </>
  );
}
