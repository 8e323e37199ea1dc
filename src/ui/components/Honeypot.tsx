/**
 * The honeypot of a public form: a text field hidden from people and screen readers (and out of the
 * tab order). Bots that fill every field give themselves away; `honeypotFilled` (platform/http/
 * public-form.ts) checks it.
 */
export function Honeypot({ label, name = 'homepage' }: { label: string; name?: string }) {
  return (
    <div className="q-visually-hidden" aria-hidden="true">
      <label htmlFor={`hp-${name}`}>{label}</label>
      <input id={`hp-${name}`} name={name} type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
    </div>
  );
}
