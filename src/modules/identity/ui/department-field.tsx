import { ErrorMessage, errorId, Hint, hintId } from '../../../ui/index.ts';
import { DEPARTMENT_MAX } from '../../access/index.ts';

/** Id of the one <datalist> of known departments a page renders (see DepartmentList). */
export const DEPARTMENTS_LIST_ID = 'known-departments';

/** The tenant's known departments as suggestions for every department field of the page (no JS needed). */
export function DepartmentList(p: { departments: readonly string[] }) {
  return (
    <datalist id={DEPARTMENTS_LIST_ID}>
      {p.departments.map((d) => (
        <option key={d} value={d} />
      ))}
    </datalist>
  );
}

/**
 * A free-text department field (KERN markup like TextField) that suggests the known departments; the
 * shared TextField has no `list` attribute. The label can be hidden visually where a table row names it.
 */
export function DepartmentField(p: {
  id: string;
  label: string;
  value: string;
  hint?: string;
  error?: string;
  hideLabel?: boolean;
}) {
  const described = [p.hint ? hintId(p.id) : null, p.error ? errorId(p.id) : null].filter(Boolean).join(' ');
  return (
    <div className={p.error ? 'kern-form-input kern-form-input--error' : 'kern-form-input'}>
      <label className={p.hideLabel ? 'kern-label q-visually-hidden' : 'kern-label'} htmlFor={p.id}>
        {p.label}
      </label>
      {p.hint ? <Hint id={hintId(p.id)}>{p.hint}</Hint> : null}
      {p.error ? <ErrorMessage id={errorId(p.id)}>{p.error}</ErrorMessage> : null}
      <input
        className={
          p.error ? 'kern-form-input__input kern-form-input__input--error' : 'kern-form-input__input'
        }
        id={p.id}
        name="department"
        type="text"
        list={DEPARTMENTS_LIST_ID}
        defaultValue={p.value}
        maxLength={DEPARTMENT_MAX}
        autoComplete="off"
        aria-invalid={p.error ? true : undefined}
        aria-describedby={described || undefined}
      />
    </div>
  );
}
