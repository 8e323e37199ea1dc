import type { ReactNode } from 'react';

export type AlertVariant = 'info' | 'success' | 'warning' | 'error';

const KERN_VARIANT: Record<AlertVariant, string> = {
  info: 'info',
  success: 'success',
  warning: 'warning',
  error: 'danger',
};

export interface AlertProps {
  variant?: AlertVariant;
  /** Short title, already translated. */
  title: ReactNode;
  children?: ReactNode;
  /** Render the title as a heading (h2–h4) instead of text; use when the alert starts a section. */
  headingLevel?: 2 | 3 | 4;
  /**
   * ARIA live role. Server-rendered pages normally need none; use "status" for a confirmation after a
   * redirect (e.g. "Gespeichert") if screen readers should announce it.
   */
  role?: 'status' | 'alert';
  id?: string;
  className?: string;
}

/** KERN alert (info/success/warning/error) with icon, title and optional body. */
export function Alert(p: AlertProps) {
  const kern = KERN_VARIANT[p.variant ?? 'info'];
  const Title = p.headingLevel ? (`h${p.headingLevel}` as 'h2' | 'h3' | 'h4') : 'span';
  return (
    <div
      className={['kern-alert', `kern-alert--${kern}`, p.className].filter(Boolean).join(' ')}
      role={p.role}
      id={p.id}
    >
      <div className="kern-alert__header">
        <span className={`kern-icon kern-icon--${kern}`} aria-hidden="true" />
        <Title className="kern-title">{p.title}</Title>
      </div>
      {p.children ? (
        <div className="kern-alert__body">
          {typeof p.children === 'string' ? <p className="kern-body">{p.children}</p> : p.children}
        </div>
      ) : null}
    </div>
  );
}
