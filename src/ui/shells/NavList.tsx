/** A navigation landmark with a plain list of links; the current page is marked for screen readers. */
export function NavList(p: {
  className: string;
  label: string;
  links: { href: string; label: string; current: boolean }[];
}) {
  return (
    <nav className={p.className} aria-label={p.label}>
      <ul>
        {p.links.map((n) => (
          <li key={n.href}>
            <a href={n.href} aria-current={n.current ? 'page' : undefined}>
              {n.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
