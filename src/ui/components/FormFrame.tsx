import type { ReactNode } from 'react';
import { ErrorSummary } from './ErrorSummary.tsx';
import { fieldId } from './Field.tsx';

/** Hidden CSRF field for forms. */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

export interface FormFrameProps {
  action: string;
  /** The request's CSRF token (`csrfTokenFor(c)`). */
  csrf: string;
  /** Field name → message, already translated (the fields show the same messages next to them). */
  errors?: Readonly<Record<string, string>>;
  /** Heading of the error summary, translated ("Bitte prüfen Sie Ihre Angaben"). */
  errorTitle: string;
  /** A form with a file field. */
  multipart?: boolean;
  /** Field ids get this prefix (two forms on one page). */
  prefix?: string;
  className?: string;
  children: ReactNode;
}

/**
 * The frame of every form: the error summary naming and linking each bad field, then the form that
 * posts (works without JavaScript; the browser's own checks are off so the server's messages, in the
 * user's language, are the ones shown) with its CSRF field. The fields inside show the values as
 * typed, so nothing is lost when the form comes back with messages.
 */
export function FormFrame(p: FormFrameProps) {
  const errors = Object.entries(p.errors ?? {}).map(([name, message]) => ({
    fieldId: fieldId((p.prefix ?? '') + name),
    message,
  }));
  return (
    <>
      <ErrorSummary title={p.errorTitle} errors={errors} />
      <form
        method="post"
        action={p.action}
        encType={p.multipart ? 'multipart/form-data' : undefined}
        noValidate
        className={p.className ?? 'q-form'}
      >
        <CsrfField token={p.csrf} />
        {p.children}
      </form>
    </>
  );
}
