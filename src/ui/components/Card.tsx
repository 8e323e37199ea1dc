import type { ReactNode } from 'react';

export interface CardProps {
  title: ReactNode;
  /** Heading level of the title (default 3: cards usually sit under a page h1 + section h2). */
  headingLevel?: 2 | 3 | 4;
  /** Makes the whole card clickable through a stretched title link (KERN interactive card). */
  href?: string;
  /** Small text above the title (category, date). */
  preline?: ReactNode;
  children?: ReactNode;
  /** Buttons/links at the bottom. Not combinable with href (nested interactive areas). */
  footer?: ReactNode;
  size?: 'small' | 'default' | 'large';
  /** Height follows content instead of stretching to the row height. */
  hug?: boolean;
  as?: 'article' | 'section' | 'div' | 'li';
  className?: string;
}

/** KERN card. Put several in a `<ul className="q-cards">` with `as="li"` for a responsive grid. */
export function Card(p: CardProps) {
  const Tag = p.as ?? 'article';
  const Heading = `h${p.headingLevel ?? 3}` as 'h2' | 'h3' | 'h4';
  const cls = [
    'kern-card',
    p.href && 'kern-card--interactive',
    p.size === 'small' && 'kern-card--small',
    p.size === 'large' && 'kern-card--large',
    p.hug && 'kern-card--hug',
    p.className,
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <Tag className={cls}>
      <div className="kern-card__container">
        <header className="kern-card__header">
          <Heading className="kern-title">
            {p.href ? (
              <a className="kern-link kern-link--stretched" href={p.href}>
                {p.title}
              </a>
            ) : (
              p.title
            )}
          </Heading>
          {p.preline ? <p className="kern-preline">{p.preline}</p> : null}
        </header>
        {p.children ? <div className="kern-card__body">{p.children}</div> : null}
        {p.footer && !p.href ? <div className="kern-card__footer">{p.footer}</div> : null}
      </div>
    </Tag>
  );
}
