import type { AnchorHTMLAttributes, ButtonHTMLAttributes, ReactNode } from 'react';

export type ButtonVariant = 'primary' | 'secondary' | 'tertiary' | 'danger';

/** KERN button classes for a variant (for markup that cannot use the components). */
export function buttonClass(
  variant: ButtonVariant = 'primary',
  opts: { block?: boolean; small?: boolean } = {},
): string {
  const cls = ['kern-btn', variant === 'danger' ? 'q-btn--danger' : `kern-btn--${variant}`];
  if (opts.block) cls.push('kern-btn--block');
  if (opts.small) cls.push('kern-btn--x-small');
  return cls.join(' ');
}

interface CommonProps {
  variant?: ButtonVariant;
  /** Full width. */
  block?: boolean;
  small?: boolean;
  /** Decorative KERN icon name (e.g. "arrow-forward"); hidden from assistive technology. */
  icon?: string;
  children: ReactNode;
}

function Content(p: { icon?: string; children: ReactNode }) {
  return (
    <>
      {p.icon ? <span className={`kern-icon kern-icon--${p.icon}`} aria-hidden="true" /> : null}
      <span className="kern-label">{p.children}</span>
    </>
  );
}

export type ButtonProps = CommonProps & Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children'>;

/** `<button>`; `type` defaults to "submit" (forms work without JavaScript). */
export function Button({ variant, block, small, icon, children, className, type, ...rest }: ButtonProps) {
  const cls = [buttonClass(variant, { block, small }), className].filter(Boolean).join(' ');
  return (
    <button type={type ?? 'submit'} className={cls} {...rest}>
      <Content icon={icon}>{children}</Content>
    </button>
  );
}

export type LinkButtonProps = CommonProps &
  Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'children'> & { href: string };

/** A link that looks like a button (navigation, e.g. "Neues Projekt anlegen"). */
export function LinkButton({ variant, block, small, icon, children, className, ...rest }: LinkButtonProps) {
  const cls = [buttonClass(variant, { block, small }), className].filter(Boolean).join(' ');
  return (
    <a className={cls} {...rest}>
      <Content icon={icon}>{children}</Content>
    </a>
  );
}
