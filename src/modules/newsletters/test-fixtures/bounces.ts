import { readFileSync } from 'node:fs';

export type FixtureName = 'postfix-dsn' | 'exim-text' | 'delayed-dsn' | 'out-of-office' | 'garbage';
export type FixtureValues = Partial<
  Record<'VERP' | 'EMAIL' | 'KEY' | 'ISSUE' | 'SUBSCRIBER' | 'ID' | 'DATE', string>
>;

/**
 * A bounce mail of test-fixtures/bounces/ with its placeholders filled: {{VERP}} the address it was
 * sent to, {{EMAIL}} the failed recipient, {{KEY}}/{{ISSUE}}/{{SUBSCRIBER}} the marks of our mail in
 * the returned headers, {{ID}} makes the bounce's own Message-ID unique, {{DATE}} is its Date.
 */
export function bounceFixture(name: FixtureName, v: FixtureValues = {}): Buffer {
  const values = {
    VERP: 'bounces+0123456789abcdef0123456789abcdef@quartier.example',
    EMAIL: 'gone@example.net',
    KEY: '0123456789abcdef0123456789abcdef',
    ISSUE: '0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee',
    SUBSCRIBER: '0190ffff-1111-7222-8333-444444444444',
    ID: 'x1',
    DATE: 'Tue, 10 Jun 2025 10:00:03 +0200',
    ...v,
  };
  let s = readFileSync(new URL(`./bounces/${name}.eml`, import.meta.url), 'latin1');
  for (const [k, x] of Object.entries(values)) s = s.split(`{{${k}}}`).join(x);
  return Buffer.from(s, 'latin1');
}

/** Mails in mbox format (From_ lines, >From quoting). */
export function mbox(mails: Buffer[]): Buffer {
  return Buffer.from(
    mails
      .map(
        (m) =>
          `From MAILER-DAEMON Tue Jun 10 10:00:03 2025\n${m
            .toString('latin1')
            .replace(/\r\n/g, '\n')
            .replace(/^(>*From )/gm, '>$1')
            .replace(/\n*$/, '\n')}\n`,
      )
      .join(''),
    'latin1',
  );
}
