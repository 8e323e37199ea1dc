import { describe, expect, it } from 'vitest';
import { bounceFixture } from './test-fixtures/bounces.ts';
import { readBounceMail, redact, splitMailbox } from './use-cases/bounce-mail.ts';
import {
  bounceAddressFromEnv,
  marksIn,
  parseBounceAddress,
  verpAddress,
  verpKeysIn,
} from './use-cases/verp.ts';

const KEY = '0123456789abcdef0123456789abcdef';
const ISSUE = '0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee';
const SUB = '0190ffff-1111-7222-8333-444444444444';

const fixture = bounceFixture;

describe('reading bounce mails', () => {
  it('a Postfix DSN: hard 5.1.1 for the final recipient, our marks, no address in the diagnostic', async () => {
    const r = await readBounceMail(fixture('postfix-dsn'));
    expect(r.type).toBe('bounce');
    if (r.type !== 'bounce') return;
    expect(r.format).toBe('dsn');
    expect(r.recipients).toEqual([
      expect.objectContaining({
        email: 'gone@example.net',
        severity: 'hard',
        status: '5.1.1',
        action: 'failed',
      }),
    ]);
    expect(r.recipients[0].diagnostic).toContain('User unknown');
    expect(r.recipients[0].diagnostic).not.toContain('@');
    expect(r.marks.keys).toEqual([KEY]);
    expect(r.marks.messageRefs).toEqual([{ issueId: ISSUE, subscriberId: SUB }]);
    expect(r.returnedTo).toEqual(['gone@example.net']);
  });

  it('an Exim plain-text bounce (X-Failed-Recipients, "permanent error", 550) is hard', async () => {
    const r = await readBounceMail(fixture('exim-text'));
    expect(r).toMatchObject({ type: 'bounce', format: 'text' });
    if (r.type !== 'bounce') return;
    expect(r.recipients).toEqual([
      expect.objectContaining({ email: 'gone@example.net', severity: 'hard', status: '550' }),
    ]);
  });

  it('a delayed DSN (4.2.2) is soft; an out-of-office reply and garbage are no bounces', async () => {
    const delayed = await readBounceMail(fixture('delayed-dsn'));
    expect(delayed).toMatchObject({
      type: 'bounce',
      recipients: [{ severity: 'soft', status: '4.2.2', action: 'delayed' }],
    });
    expect(await readBounceMail(fixture('out-of-office'))).toMatchObject({
      type: 'ignored',
      reason: 'autoReply',
    });
    expect(await readBounceMail(fixture('garbage'))).toMatchObject({
      type: 'unreadable',
      reason: 'noHeaders',
    });
    expect(await readBounceMail(Buffer.from('\r\n  \n'))).toMatchObject({
      type: 'unreadable',
      reason: 'empty',
    });
  });

  it('policy refusals (5.7.x) and full mailboxes count as soft; 4.x.x after the last retry too', async () => {
    const dsn = (status: string, action = 'failed') =>
      Buffer.from(
        fixture('postfix-dsn')
          .toString('latin1')
          .replace('Action: failed', `Action: ${action}`)
          .replace('Status: 5.1.1', `Status: ${status}`),
        'latin1',
      );
    for (const [status, severity] of [
      ['5.7.1', 'soft'],
      ['5.2.2', 'soft'],
      ['4.4.7', 'soft'],
      ['5.1.10', 'hard'],
      ['5.4.4', 'hard'],
    ] as const) {
      const r = await readBounceMail(dsn(status));
      expect(r.type === 'bounce' && r.recipients[0], status).toMatchObject({ severity, status });
    }
    // A DSN reporting a delivery (relayed, delivered) is no bounce.
    expect(await readBounceMail(dsn('2.0.0', 'relayed'))).toMatchObject({
      type: 'ignored',
      reason: 'delivered',
    });
    // Read receipts are reports too, but not about delivery.
    const mdn = fixture('postfix-dsn')
      .toString('latin1')
      .replace('report-type=delivery-status', 'report-type=disposition-notification');
    expect(await readBounceMail(Buffer.from(mdn, 'latin1'))).toMatchObject({
      type: 'ignored',
      reason: 'otherReport',
    });
  });

  it('a plain-text bounce: codes in IP addresses or ports are not taken for status codes', async () => {
    const mail = [
      'From: MAILER-DAEMON@mx.example.org',
      'To: no-reply@quartier.example',
      'Subject: failure notice',
      'Date: Tue, 10 Jun 2025 10:00:00 +0000',
      '',
      'Hi. This is the qmail-send program at mx.example.org.',
      "I'm afraid I wasn't able to deliver your message to the following addresses.",
      'This is a temporary error; I will try again. Connected to 10.5.1.1:587 but the connection died.',
      '',
      '<someone@example.com>:',
      'Connected to 192.0.2.5 but sender was rejected.',
      '',
      '--- Below this line is a copy of the message.',
      '',
      'To: someone@example.com',
      'Subject: Kiezbrief',
    ].join('\r\n');
    const r = await readBounceMail(Buffer.from(mail));
    expect(r).toMatchObject({
      type: 'bounce',
      format: 'text',
      recipients: [{ email: 'someone@example.com', severity: 'soft', status: null }],
      returnedTo: ['someone@example.com'],
    });
  });

  it('splits an mbox, undoing >From quoting; a single mail stays one', () => {
    const one = 'From: a@example.org\nSubject: x\n\nbody\n';
    expect(splitMailbox(Buffer.from(one))).toHaveLength(1);
    const mbox = `From MAILER-DAEMON Tue Jun 10 10:00:03 2025\n${one}>From the start\n\nFrom MAILER-DAEMON Tue Jun 10 10:00:04 2025\nFrom: b@example.org\n\nsecond\n`;
    const parts = splitMailbox(Buffer.from(mbox)).map((b) => b.toString());
    expect(parts).toHaveLength(2);
    expect(parts[0]).toContain('\nFrom the start');
    expect(parts[1]).toContain('From: b@example.org');
    expect(splitMailbox(Buffer.from(''))).toEqual([]);
  });
});

describe('VERP addresses and marks', () => {
  it('reads NEWSLETTER_BOUNCE_ADDRESS and refuses what cannot take a +key', () => {
    expect(bounceAddressFromEnv({})).toBeNull();
    expect(bounceAddressFromEnv({ NEWSLETTER_BOUNCE_ADDRESS: ' Bounces@Example.ORG ' })).toEqual({
      local: 'bounces',
      domain: 'example.org',
    });
    for (const bad of [
      'bounces',
      'bounces+x@example.org',
      'a b@example.org',
      '@example.org',
      'bounces@localhost',
    ])
      expect(() => parseBounceAddress(bad), bad).toThrow(/NEWSLETTER_BOUNCE_ADDRESS/);
    const a = parseBounceAddress('bounces@example.org')!;
    expect(verpAddress(a, KEY)).toBe(`bounces+${KEY}@example.org`);
    expect(verpKeysIn(`Delivered-To: BOUNCES+${KEY.toUpperCase()}@example.org`)).toEqual([KEY]);
  });

  it('finds keys and issues in our header, the DSN envelope id and the Message-ID', () => {
    expect(marksIn(`X-Quartier-Newsletter: issue=${ISSUE}; key=${KEY}`)).toEqual({
      keys: [KEY],
      issueIds: [ISSUE],
      messageRefs: [],
    });
    expect(marksIn(`Original-Envelope-Id: ${ISSUE}.${KEY}`).keys).toEqual([KEY]);
    expect(marksIn(`Message-ID: <nl-${ISSUE}-${SUB}@quartier.example>`).messageRefs).toEqual([
      { issueId: ISSUE, subscriberId: SUB },
    ]);
    expect(marksIn('nothing of ours here: 0123456789abcdef0123456789abcdef').keys).toEqual([]);
  });

  it('removes addresses from diagnostics', () => {
    expect(redact('550 5.1.1 <anna.m@example.org>: unknown; bob@x.de')).toBe('550 5.1.1 <…>: unknown; …');
  });
});
