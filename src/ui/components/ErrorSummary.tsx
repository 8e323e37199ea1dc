import { type ReactNode, useContext } from 'react';
import { FieldLabelsContext } from '../../platform/http/render.tsx';

export interface ErrorSummaryItem {
  /** id of the field with the error (see fieldId(name)); the link goes to `#${fieldId}`. */
  fieldId: string;
  message: ReactNode;
  /**
   * The field's name as the form shows it. Without it the summary takes the label of the field with
   * that id on the same page (fields register theirs while the page renders).
   */
  label?: ReactNode;
}

/** "Label: message", unless the message already starts with the label. */
function named(label: ReactNode, message: ReactNode): ReactNode {
  if (label === undefined || label === null || label === '') return message;
  if (typeof label === 'string' && typeof message === 'string' && message.startsWith(`${label}:`))
    return message;
  return (
    <>
      <span className="q-error-summary__field">{label}</span>
      {typeof message === 'string' ? `: ${message}` : <>: {message}</>}
    </>
  );
}

export interface ErrorSummaryProps {
  /** Heading text, already translated (e.g. "Bitte korrigieren Sie folgende Angaben"). */
  title: ReactNode;
  errors: readonly ErrorSummaryItem[];
  /** Optional intro text under the heading. */
  description?: ReactNode;
  /** Element id (focus target, e.g. for a link `#error-summary`). */
  id?: string;
  headingLevel?: 2 | 3;
  /**
   * Move focus to the summary when the page loads (HTML `autofocus`, works without JavaScript), so
   * screen-reader and keyboard users land on the list of problems. Default true.
   */
  autoFocus?: boolean;
}

/**
 * Box at the top of a form that lists every field error with a link to the field, named by its
 * label ("Ihr Name: Bitte füllen Sie dieses Feld aus."). Server-rendered, so no role="alert"; it is
 * focusable (tabIndex -1) and autofocused instead. Renders nothing when there are no errors.
 */
export function ErrorSummary(p: ErrorSummaryProps) {
  const labels = useContext(FieldLabelsContext);
  if (p.errors.length === 0) return null;
  const id = p.id ?? 'error-summary';
  const Heading = `h${p.headingLevel ?? 2}` as 'h2' | 'h3';
  return (
    <div
      className="q-error-summary"
      id={id}
      tabIndex={-1}
      // biome-ignore lint/a11y/noAutofocus: deliberate — after a failed submit, focus goes to the list of errors (GOV.UK/KERN pattern), without JavaScript
      autoFocus={p.autoFocus ?? true}
    >
      <Heading className="q-error-summary__title">{p.title}</Heading>
      <div className="q-error-summary__body">
        {p.description ? <p>{p.description}</p> : null}
        <ul>
          {p.errors.map((e) => (
            <li key={e.fieldId}>
              <a href={`#${e.fieldId}`}>{named(e.label ?? labels?.labelOf(e.fieldId), e.message)}</a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
