// The decision and booking forms of the application page: they take props and hold no rules.
import type { TFunction } from '../../../platform/i18n/index.ts';
import { Button, FormFrame, RadioGroup, SelectField, TextArea, TextField } from '../../../ui/index.ts';

export type FormValues = Record<string, string>;
type Errors = Record<string, string>;

/** Which form field shows a use case's message. */
export const FIELD_OF: Record<string, string> = {
  grantedCents: 'granted',
  amountCents: 'amount',
  'counts.yes': 'yes',
  counts: 'yes',
  quorum: 'yes',
  kind: 'kind',
};

const errOf = (t: TFunction, errors: Errors, name: string) => {
  const key = Object.entries(errors).find(([k]) => (FIELD_OF[k] ?? k) === name)?.[1];
  return key ? String(t(key)) : undefined;
};

export function DecisionForm(p: {
  t: TFunction;
  action: string;
  csrf: string;
  values: FormValues;
  errors: Errors;
}) {
  const { t, values: v, errors: e } = p;
  return (
    <FormFrame
      action={p.action}
      csrf={p.csrf}
      prefix="decision-"
      errorTitle={t('funds:staff.errorTitle')}
      errors={Object.fromEntries(Object.entries(e).map(([k, m]) => [FIELD_OF[k] ?? k, String(t(m))]))}
    >
      <RadioGroup
        name="outcome"
        id="decision-outcome"
        label={t('funds:decision.outcome')}
        value={v.outcome ?? 'granted'}
        options={[
          { value: 'granted', label: t('funds:vocab.status.granted') },
          { value: 'refused', label: t('funds:vocab.status.refused') },
        ]}
        error={errOf(t, e, 'outcome')}
      />
      <TextField
        name="granted"
        id="decision-granted"
        label={t('funds:decision.granted')}
        hint={t('funds:decision.euroHint')}
        value={v.granted}
        inputMode="decimal"
        error={errOf(t, e, 'granted')}
      />
      <TextField
        name="yes"
        id="decision-yes"
        label={t('funds:decision.yes')}
        value={v.yes}
        inputMode="numeric"
        error={errOf(t, e, 'yes')}
      />
      <TextField name="no" id="decision-no" label={t('funds:decision.no')} value={v.no} inputMode="numeric" />
      <TextField
        name="abstain"
        id="decision-abstain"
        label={t('funds:decision.abstain')}
        value={v.abstain}
        inputMode="numeric"
      />
      <TextArea
        name="conditions"
        id="decision-conditions"
        label={t('funds:decision.conditions')}
        value={v.conditions}
      />
      <TextArea
        name="refusalReasons"
        id="decision-refusalReasons"
        label={t('funds:decision.refusalReasons')}
        value={v.refusalReasons}
        error={errOf(t, e, 'refusalReasons')}
      />
      <Button>{t('funds:decision.save')}</Button>
    </FormFrame>
  );
}

export function BookingForm(p: {
  t: TFunction;
  action: string;
  csrf: string;
  values: FormValues;
  errors: Errors;
}) {
  const { t, values: v, errors: e } = p;
  return (
    <FormFrame
      action={p.action}
      csrf={p.csrf}
      prefix="booking-"
      errorTitle={t('funds:staff.errorTitle')}
      errors={Object.fromEntries(Object.entries(e).map(([k, m]) => [FIELD_OF[k] ?? k, String(t(m))]))}
    >
      <SelectField
        name="kind"
        id="booking-kind"
        label={t('funds:staff.entry')}
        value={v.kind ?? 'payment'}
        options={['payment', 'return', 'correction'].map((k) => ({
          value: k,
          label: String(t(`funds:vocab.ledger.${k}`)),
        }))}
        error={errOf(t, e, 'kind')}
      />
      <SelectField
        name="paymentKind"
        id="booking-paymentKind"
        label={t('funds:booking.paymentKind')}
        value={v.paymentKind ?? ''}
        options={[
          { value: '', label: String(t('funds:booking.notAPayment')) },
          ...['advance', 'reimbursement'].map((k) => ({
            value: k,
            label: String(t(`funds:vocab.payment.${k}`)),
          })),
        ]}
        error={errOf(t, e, 'paymentKind')}
      />
      <TextField
        name="amount"
        id="booking-amount"
        label={t('funds:fields.amount')}
        hint={t('funds:booking.amountHint')}
        value={v.amount}
        inputMode="decimal"
        error={errOf(t, e, 'amount')}
      />
      <TextField name="note" id="booking-note" label={t('funds:staff.note')} value={v.note} />
      <Button>{t('funds:booking.save')}</Button>
    </FormFrame>
  );
}
