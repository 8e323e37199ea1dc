import { type HTMLAttributes, type HTMLInputAutoCompleteAttribute, type ReactNode, useContext } from 'react';
import { FieldLabelsContext } from '../../platform/http/render.tsx';

/**
 * Form fields in KERN markup, server-rendered, accessible by default:
 * - `<label for>` ↔ control `id` (or `<fieldset>`/`<legend>` for groups),
 * - hint and error are linked with `aria-describedby`, errors set `aria-invalid`,
 * - the error message is shown ABOVE the control (GOV.UK / KERN-compatible order),
 * - submitted values are always rendered back so nothing typed is lost (except passwords and files,
 *   which browsers cannot / must not prefill).
 * Fields use `aria-required` rather than the native `required` attribute so validation messages
 * come consistently from the server (no browser bubbles).
 */

/** Default element id for a field name; use it for ErrorSummary links: `href="#" + fieldId(name)`. */
export function fieldId(name: string): string {
  const id = name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return /^[A-Za-z]/.test(id) ? id : `f-${id}`;
}

/** Tells the page's error summary how this field is called (see FieldLabels in platform/http/render.tsx). */
function useLabel(id: string, label: ReactNode): void {
  useContext(FieldLabelsContext)?.add(id, label);
}

export const hintId = (id: string) => `${id}-hint`;
export const errorId = (id: string) => `${id}-error`;

/** Joins the ids of the hint/error that exist, for aria-describedby. */
function describedBy(id: string, hint: ReactNode, error: ReactNode, extra?: string): string | undefined {
  const ids = [extra, hasContent(hint) ? hintId(id) : null, hasContent(error) ? errorId(id) : null].filter(
    Boolean,
  );
  return ids.length ? ids.join(' ') : undefined;
}

function hasContent(node: ReactNode): boolean {
  return node !== undefined && node !== null && node !== false && node !== '';
}

function cx(...parts: (string | false | null | undefined)[]): string {
  return parts.filter(Boolean).join(' ');
}

type Width = 4 | 10 | 20 | 30;

interface BaseFieldProps {
  name: string;
  label: ReactNode;
  /** Element id; defaults to fieldId(name). */
  id?: string;
  hint?: ReactNode;
  /** Error message (already translated). Presence marks the field invalid. */
  error?: ReactNode;
  required?: boolean;
  disabled?: boolean;
  /** Text shown after the label of a field that is not required, e.g. "(optional)". */
  optionalText?: ReactNode;
  className?: string;
}

export function FieldLabel(p: {
  htmlFor: string;
  children: ReactNode;
  required?: boolean;
  optionalText?: ReactNode;
}) {
  return (
    <label className="kern-label" htmlFor={p.htmlFor}>
      {p.children}
      {!p.required && hasContent(p.optionalText) ? (
        <>
          {' '}
          <span className="kern-label__optional">{p.optionalText}</span>
        </>
      ) : null}
    </label>
  );
}

export function Hint(p: { id: string; children: ReactNode }) {
  return (
    <div className="kern-hint" id={p.id}>
      {p.children}
    </div>
  );
}

/** The visible error message (KERN .kern-error with danger icon). */
export function ErrorMessage(p: { id: string; children: ReactNode }) {
  return (
    <p className="kern-error" id={p.id}>
      <span className="kern-icon kern-icon--danger" aria-hidden="true" />
      <span className="kern-body">{p.children}</span>
    </p>
  );
}

function widthClass(width?: Width) {
  return width ? `q-width-${width}` : undefined;
}

// ── Text input ─────────────────────────────────────────────────────────────────────────────────

export type TextFieldType =
  | 'text'
  | 'email'
  | 'tel'
  | 'url'
  | 'number'
  | 'password'
  | 'search'
  | 'date'
  | 'time'
  | 'datetime-local'
  | 'month';

export interface TextFieldProps extends BaseFieldProps {
  value?: string | number | null;
  type?: TextFieldType;
  autoComplete?: HTMLInputAutoCompleteAttribute;
  inputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
  /** Maximum width in characters; full width when omitted. */
  width?: Width;
  maxLength?: number;
  min?: string | number;
  max?: string | number;
  step?: string | number;
  pattern?: string;
  spellCheck?: boolean;
  readOnly?: boolean;
  /** Suggestions: the id of a <datalist> on the page (typing anything else stays allowed). */
  list?: string;
}

export function TextField(p: TextFieldProps) {
  const id = p.id ?? fieldId(p.name);
  useLabel(id, p.label);
  const invalid = hasContent(p.error);
  const type = p.type ?? 'text';
  // Never echo a password back into the page.
  const value =
    type === 'password' || p.value === null || p.value === undefined ? undefined : String(p.value);
  return (
    <div className={cx('kern-form-input', invalid && 'kern-form-input--error', p.className)}>
      <FieldLabel htmlFor={id} required={p.required} optionalText={p.optionalText}>
        {p.label}
      </FieldLabel>
      {hasContent(p.hint) ? <Hint id={hintId(id)}>{p.hint}</Hint> : null}
      {invalid ? <ErrorMessage id={errorId(id)}>{p.error}</ErrorMessage> : null}
      <input
        className={cx(
          'kern-form-input__input',
          invalid && 'kern-form-input__input--error',
          widthClass(p.width),
        )}
        id={id}
        name={p.name}
        type={type}
        defaultValue={value}
        list={p.list}
        autoComplete={p.autoComplete}
        inputMode={p.inputMode}
        maxLength={p.maxLength}
        min={p.min}
        max={p.max}
        step={p.step}
        pattern={p.pattern}
        spellCheck={p.spellCheck}
        readOnly={p.readOnly}
        disabled={p.disabled}
        aria-required={p.required ? true : undefined}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy(id, p.hint, p.error)}
      />
    </div>
  );
}

// ── Textarea ───────────────────────────────────────────────────────────────────────────────────

export interface TextAreaProps extends BaseFieldProps {
  value?: string | null;
  rows?: number;
  maxLength?: number;
  autoComplete?: HTMLInputAutoCompleteAttribute;
  spellCheck?: boolean;
  readOnly?: boolean;
}

export function TextArea(p: TextAreaProps) {
  const id = p.id ?? fieldId(p.name);
  useLabel(id, p.label);
  const invalid = hasContent(p.error);
  return (
    <div className={cx('kern-form-input', invalid && 'kern-form-input--error', p.className)}>
      <FieldLabel htmlFor={id} required={p.required} optionalText={p.optionalText}>
        {p.label}
      </FieldLabel>
      {hasContent(p.hint) ? <Hint id={hintId(id)}>{p.hint}</Hint> : null}
      {invalid ? <ErrorMessage id={errorId(id)}>{p.error}</ErrorMessage> : null}
      <textarea
        className={cx('kern-form-input__input', invalid && 'kern-form-input__input--error')}
        id={id}
        name={p.name}
        rows={p.rows ?? 5}
        defaultValue={p.value ?? undefined}
        maxLength={p.maxLength}
        autoComplete={p.autoComplete}
        spellCheck={p.spellCheck}
        readOnly={p.readOnly}
        disabled={p.disabled}
        aria-required={p.required ? true : undefined}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy(id, p.hint, p.error)}
      />
    </div>
  );
}

// ── Select ─────────────────────────────────────────────────────────────────────────────────────

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

export interface SelectFieldProps extends BaseFieldProps {
  options: SelectOption[];
  value?: string | null;
  /** Label of a leading empty option (value ""), e.g. "Bitte wählen". */
  placeholder?: string;
  autoComplete?: HTMLInputAutoCompleteAttribute;
}

export function SelectField(p: SelectFieldProps) {
  const id = p.id ?? fieldId(p.name);
  useLabel(id, p.label);
  const invalid = hasContent(p.error);
  return (
    <div className={cx('kern-form-input', invalid && 'kern-form-input--error', p.className)}>
      <FieldLabel htmlFor={id} required={p.required} optionalText={p.optionalText}>
        {p.label}
      </FieldLabel>
      {hasContent(p.hint) ? <Hint id={hintId(id)}>{p.hint}</Hint> : null}
      {invalid ? <ErrorMessage id={errorId(id)}>{p.error}</ErrorMessage> : null}
      <div className="kern-form-input__select-wrapper">
        <select
          className={cx('kern-form-input__select', invalid && 'kern-form-input__select--error')}
          id={id}
          name={p.name}
          defaultValue={p.value ?? ''}
          autoComplete={p.autoComplete}
          disabled={p.disabled}
          aria-required={p.required ? true : undefined}
          aria-invalid={invalid ? true : undefined}
          aria-describedby={describedBy(id, p.hint, p.error)}
        >
          {p.placeholder !== undefined ? <option value="">{p.placeholder}</option> : null}
          {p.options.map((o) => (
            <option key={o.value} value={o.value} disabled={o.disabled}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

// ── Single checkbox ────────────────────────────────────────────────────────────────────────────

export interface CheckboxFieldProps extends Omit<BaseFieldProps, 'optionalText'> {
  checked?: boolean;
  /** Submitted value when checked (default "on"). */
  value?: string;
}

export function CheckboxField(p: CheckboxFieldProps) {
  const id = p.id ?? fieldId(p.name);
  useLabel(id, p.label);
  const invalid = hasContent(p.error);
  return (
    <div className={cx('kern-form-check', invalid && 'kern-form-check--error', p.className)}>
      {invalid ? <ErrorMessage id={errorId(id)}>{p.error}</ErrorMessage> : null}
      <input
        className={cx('kern-form-check__checkbox', invalid && 'kern-form-check__checkbox--error')}
        type="checkbox"
        id={id}
        name={p.name}
        value={p.value ?? 'on'}
        defaultChecked={p.checked ?? false}
        disabled={p.disabled}
        aria-required={p.required ? true : undefined}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy(id, p.hint, p.error)}
      />
      <label className="kern-label" htmlFor={id}>
        {p.label}
      </label>
      {hasContent(p.hint) ? <Hint id={hintId(id)}>{p.hint}</Hint> : null}
    </div>
  );
}

// ── Radio group / checkbox group (fieldset + legend) ──────────────────────────────────────────

export interface ChoiceOption {
  value: string;
  label: ReactNode;
  hint?: ReactNode;
  disabled?: boolean;
}

export interface ChoiceGroupProps extends BaseFieldProps {
  options: ChoiceOption[];
  /** Lay the options out in a row (short options such as Ja/Nein). */
  inline?: boolean;
  /** Render the legend as the page heading (a single-question page). */
  legendAsHeading?: boolean;
}

export interface RadioGroupProps extends ChoiceGroupProps {
  value?: string | null;
}

export interface CheckboxGroupProps extends ChoiceGroupProps {
  values?: readonly string[] | null;
}

/** Option ids: the first option gets the group id itself, so `#id` (ErrorSummary) focuses it. */
export const optionId = (groupId: string, index: number) =>
  index === 0 ? groupId : `${groupId}-${index + 1}`;

function ChoiceGroup(
  p: ChoiceGroupProps & { kind: 'radio' | 'checkbox'; isChecked: (value: string) => boolean },
) {
  const id = p.id ?? fieldId(p.name);
  useLabel(id, p.label);
  const invalid = hasContent(p.error);
  const legendId = `${id}-legend`;
  const inputClass = p.kind === 'radio' ? 'kern-form-check__radio' : 'kern-form-check__checkbox';
  return (
    <fieldset
      className={cx('kern-fieldset', invalid && 'kern-fieldset--error', p.className)}
      id={`${id}-fieldset`}
      aria-describedby={describedBy(id, p.hint, p.error)}
    >
      <legend className="kern-label" id={legendId}>
        {p.legendAsHeading ? <h1 className="kern-heading-large">{p.label}</h1> : p.label}
        {!p.required && hasContent(p.optionalText) ? (
          <>
            {' '}
            <span className="kern-label__optional">{p.optionalText}</span>
          </>
        ) : null}
      </legend>
      {hasContent(p.hint) ? <Hint id={hintId(id)}>{p.hint}</Hint> : null}
      {invalid ? <ErrorMessage id={errorId(id)}>{p.error}</ErrorMessage> : null}
      <div className={cx('kern-fieldset__body', p.inline && 'kern-fieldset__body--horizontal')}>
        {p.options.map((o, i) => {
          const oid = optionId(id, i);
          return (
            <div className="kern-form-check" key={o.value}>
              <input
                className={cx(inputClass, invalid && `${inputClass}--error`)}
                type={p.kind}
                id={oid}
                name={p.name}
                value={o.value}
                defaultChecked={p.isChecked(o.value)}
                disabled={p.disabled || o.disabled}
                aria-invalid={invalid ? true : undefined}
                aria-describedby={hasContent(o.hint) ? hintId(oid) : undefined}
              />
              <label className="kern-label" htmlFor={oid}>
                {o.label}
              </label>
              {hasContent(o.hint) ? <Hint id={hintId(oid)}>{o.hint}</Hint> : null}
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

export function RadioGroup(p: RadioGroupProps) {
  const { value, ...rest } = p;
  return <ChoiceGroup {...rest} kind="radio" isChecked={(v) => v === (value ?? undefined)} />;
}

export function CheckboxGroup(p: CheckboxGroupProps) {
  const { values, ...rest } = p;
  const set = new Set(values ?? []);
  return <ChoiceGroup {...rest} kind="checkbox" isChecked={(v) => set.has(v)} />;
}

// ── File input ─────────────────────────────────────────────────────────────────────────────────

export interface FileFieldProps extends BaseFieldProps {
  /** e.g. ".pdf,.jpg,image/png" */
  accept?: string;
  multiple?: boolean;
  /** Browsers cannot prefill file inputs: show what was uploaded before (e.g. a file name). */
  current?: ReactNode;
}

export function FileField(p: FileFieldProps) {
  const id = p.id ?? fieldId(p.name);
  useLabel(id, p.label);
  const invalid = hasContent(p.error);
  const currentId = `${id}-current`;
  return (
    <div className={cx('kern-form-input', invalid && 'kern-form-input--error', p.className)}>
      <FieldLabel htmlFor={id} required={p.required} optionalText={p.optionalText}>
        {p.label}
      </FieldLabel>
      {hasContent(p.hint) ? <Hint id={hintId(id)}>{p.hint}</Hint> : null}
      {hasContent(p.current) ? (
        <div className="kern-hint q-file-current" id={currentId}>
          {p.current}
        </div>
      ) : null}
      {invalid ? <ErrorMessage id={errorId(id)}>{p.error}</ErrorMessage> : null}
      <input
        className={cx('kern-form-input__input', invalid && 'kern-form-input__input--error')}
        type="file"
        id={id}
        name={p.name}
        accept={p.accept}
        multiple={p.multiple}
        disabled={p.disabled}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy(id, p.hint, p.error, hasContent(p.current) ? currentId : undefined)}
      />
    </div>
  );
}
