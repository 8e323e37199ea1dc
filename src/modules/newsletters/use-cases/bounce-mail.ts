// Reading bounce mails: delivery status notifications (RFC 3464 multipart/report with
// message/delivery-status) and, tolerantly, the plain-text bounces some mail servers still send.
// Pure functions, no database: what a mail says, not what it does to a subscriber.
import { createHash } from 'node:crypto';
import { type HeaderValue, type ParsedMail, simpleParser } from 'mailparser';
import { type MailMarks, marksIn } from './verp.ts';

export type Severity = 'hard' | 'soft';

/** One recipient a bounce reports as not (yet) delivered. */
export interface FailedRecipient {
  /** Final-Recipient (or the address the text names); null when the mail names none. */
  email: string | null;
  /** Original-Recipient, when the DSN has it (before forwarding/aliases). */
  original: string | null;
  severity: Severity;
  /** Enhanced status code (RFC 3463) like 5.1.1, else the SMTP reply code like 550. */
  status: string | null;
  action: string | null;
  /** The server's words, short, with e-mail addresses removed. */
  diagnostic: string | null;
}

export type IgnoreReason = 'autoReply' | 'notBounce' | 'delivered' | 'otherReport';
export type UnreadableReason = 'empty' | 'noHeaders' | 'tooLarge' | 'parseError';

export type BounceMail =
  | {
      type: 'bounce';
      format: 'dsn' | 'text';
      recipients: FailedRecipient[];
      /** Our marks found anywhere in the mail (VERP key, header, envelope id, Message-ID). */
      marks: MailMarks;
      /** Recipients (To) of the returned original mail, when it is included. */
      returnedTo: string[];
      subject: string;
      date: Date | null;
      /** SHA-256 of the bounce's Message-ID (else of its bytes): the same mail counts once. */
      hash: string;
    }
  | { type: 'ignored'; reason: IgnoreReason; subject: string }
  | { type: 'unreadable'; reason: UnreadableReason; subject?: string };

/** Larger single mails are not read (a bounce with the full returned newsletter is far smaller). */
export const MAX_MAIL_BYTES = 10 * 1024 * 1024;

// ── Files: one mail or an mbox ──────────────────────────────────────────────────────────────

/**
 * Splits a file into mails: an mbox (mails separated by `From ` lines, mboxrd quoting undone) or one
 * mail (.eml). Works on the bytes (latin1 round trip), so 8-bit content is not damaged.
 */
export function splitMailbox(bytes: Uint8Array): Buffer[] {
  const s = Buffer.from(bytes)
    .toString('latin1')
    .replace(/^\xEF\xBB\xBF/, '')
    .replace(/^(?:[ \t]*\r?\n)+/, '');
  if (!s.trim()) return [];
  if (!s.startsWith('From ')) return [Buffer.from(s, 'latin1')];
  const out: Buffer[] = [];
  let current: string[] = [];
  let blank = true;
  const flush = () => {
    const mail = current.join('').replace(/^>(>*From )/gm, '$1');
    if (mail.trim()) out.push(Buffer.from(mail, 'latin1'));
    current = [];
  };
  // A `From ` line at the start or after an empty line begins the next mail.
  for (const line of s.split(/(?<=\n)/)) {
    if (blank && line.startsWith('From ')) {
      flush();
      blank = false;
      continue;
    }
    current.push(line);
    blank = /^\r?\n$/.test(line);
  }
  flush();
  return out;
}

// ── One mail ───────────────────────────────────────────────────────────────────────────────

const TYPICAL_HEADERS = [
  'from',
  'to',
  'subject',
  'date',
  'received',
  'message-id',
  'return-path',
  'content-type',
  'mime-version',
  'delivered-to',
];

/** Subjects of bounces (English, German and a few common others). */
const BOUNCE_SUBJECT =
  /undeliver|undelivered|delivery (?:status notification|failure|failed|has failed|problem|incomplete)|returned mail|mail delivery failed|failure notice|could not be delivered|non-?delivery|nondeliverable|delivery delayed|message .*delayed|delayed mail|unzustellbar|nicht zustellbar|nicht zugestellt|zustellung fehlgeschlagen|zustellungsbericht|übermittlung fehlgeschlagen|rückläufer|verzögert|non remis|non recapitabile|onbestelbaar|teslim edilemedi/i;

/** Subjects of auto-replies (out of office, vacation, absence). */
const AUTO_REPLY_SUBJECT =
  /^(?:\s*(?:auto(?:matic|matische)?[\s-]*(?:reply|response|antwort)|autoreply|auto:|out of (?:the )?office|abwesen(?:d|heit)|automatische antwort|urlaub|vacation|réponse automatique|absence|risposta automatica|otomatik yanıt|fuera de la oficina|niet aanwezig))/i;

/** The local part of mail system senders (MAILER-DAEMON, postmaster …). */
const DAEMON =
  /^(?:mailer-daemon|mailer_daemon|mailerdaemon|mail-daemon|postmaster|mdaemon|mail\.?delivery(?:\.?system)?|double-bounce|bounce|bounces|nobody)$/i;

/** Where the text of a plain bounce ends and the returned mail begins. */
const ORIGINAL_MARKER =
  /^[ \t]*(?:-{2,}|={2,}|_{2,})?[ \t]*(?:this is a copy of the message|below this line is a copy|original message|undelivered message|returned message|the original message|copy of the original|forwarded message|ursprüngliche nachricht|originalnachricht|kopie der nachricht)[^\r\n]*$/im;

export async function readBounceMail(
  raw: Uint8Array,
  o: { envelopeTo?: string[] } = {},
): Promise<BounceMail> {
  const bytes = Buffer.from(raw);
  if (!bytes.toString('latin1').trim()) return { type: 'unreadable', reason: 'empty' };
  if (bytes.length > MAX_MAIL_BYTES) return { type: 'unreadable', reason: 'tooLarge' };
  let mail: ParsedMail;
  try {
    mail = await simpleParser(bytes, {
      keepDeliveryStatus: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      skipImageLinks: true,
    });
  } catch {
    return { type: 'unreadable', reason: 'parseError' };
  }
  const h = mail.headers;
  if (!mail.headerLines?.length || !TYPICAL_HEADERS.some((k) => h.has(k)))
    return { type: 'unreadable', reason: 'noHeaders' };
  const subject = oneLine(mail.subject ?? '').slice(0, 200);
  const ctype = h.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const reportType =
    ctype?.value?.toLowerCase() === 'multipart/report'
      ? (ctype.params?.['report-type'] ?? '').toLowerCase()
      : '';
  if (reportType === 'disposition-notification' || reportType === 'feedback-report')
    return { type: 'ignored', reason: 'otherReport', subject };

  const attachments = mail.attachments ?? [];
  const contentOf = (types: string[]) =>
    attachments
      .filter((a) => types.includes(a.contentType.toLowerCase()))
      .map((a) => a.content.toString('utf8'));
  const returnedHeaders = [
    ...contentOf(['message/rfc822', 'message/global', 'text/rfc822-headers', 'message/global-headers']).map(
      headerBlock,
    ),
  ];
  const text = mail.text ?? '';
  const marker = ORIGINAL_MARKER.exec(text);
  const report = marker ? text.slice(0, marker.index) : text;
  if (marker)
    returnedHeaders.push(headerBlock(text.slice(marker.index + marker[0].length).replace(/^\s+/, '')));

  const everything = [
    bytes.toString('latin1'),
    text,
    ...attachments.map((a) => a.content.toString('utf8')),
    ...(o.envelopeTo ?? []),
  ].join('\n');
  const base = {
    marks: marksIn(everything),
    returnedTo: [...new Set(returnedHeaders.flatMap((b) => addressesIn(headerValue(b, 'to'))))],
    subject,
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null,
    hash: createHash('sha256')
      .update(mail.messageId ? `mid:${mail.messageId.trim().toLowerCase()}` : bytes)
      .digest('hex'),
  };

  // 1. A delivery status notification: the machine-readable part says it all.
  const statusParts = contentOf(['message/delivery-status', 'message/global-delivery-status']);
  if (statusParts.length) {
    const blocks = statusParts.flatMap(recipientBlocks);
    if (blocks.length) {
      const failed = blocks.map(classifyDsn).filter((r): r is FailedRecipient => r !== null);
      if (failed.length === 0) return { type: 'ignored', reason: 'delivered', subject };
      return { type: 'bounce', format: 'dsn', recipients: failed, ...base };
    }
  }

  // 2. Not a DSN: an auto-reply, a plain-text bounce, or something else.
  const fromAddr = firstAddress(h.get('from'));
  const daemon = !!fromAddr && DAEMON.test(fromAddr.split('@')[0]);
  const failedHeader = addressesIn(headerText(h.get('x-failed-recipients')));
  const bounceLike = daemon || failedHeader.length > 0 || reportType === 'delivery-status';
  if (!bounceLike && isAutoReply(h, subject)) return { type: 'ignored', reason: 'autoReply', subject };
  if (!bounceLike && !BOUNCE_SUBJECT.test(subject)) return { type: 'ignored', reason: 'notBounce', subject };

  const verdict = classifyText(report);
  if (verdict === null) return { type: 'ignored', reason: 'delivered', subject };
  const own = new Set(
    [fromAddr, ...addressesIn(headerText(h.get('to'))), ...addressesIn(headerText(h.get('delivered-to')))]
      .filter((x): x is string => !!x)
      .map((x) => x.toLowerCase()),
  );
  const named = failedHeader.length ? failedHeader : recipientsInText(report, own);
  const recipients: FailedRecipient[] = (named.length ? named.slice(0, 20) : [null]).map((email) => ({
    email,
    original: null,
    action: 'failed',
    ...verdict,
  }));
  return { type: 'bounce', format: 'text', recipients, ...base };
}

function isAutoReply(h: Map<string, HeaderValue>, subject: string): boolean {
  const auto = headerText(h.get('auto-submitted')).toLowerCase();
  const precedence = headerText(h.get('precedence')).toLowerCase();
  return (
    auto.startsWith('auto-replied') ||
    h.has('x-autoreply') ||
    h.has('x-autorespond') ||
    h.has('x-autoresponder') ||
    h.has('x-autoreply-from') ||
    h.has('x-mail-autoreply') ||
    precedence === 'auto_reply' ||
    AUTO_REPLY_SUBJECT.test(subject)
  );
}

// ── DSN fields ──────────────────────────────────────────────────────────────────────────────

type Fields = Map<string, string>;

/** The per-recipient field groups of a message/delivery-status body (continuation lines unfolded). */
function recipientBlocks(body: string): Fields[] {
  const groups = body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((g) => {
      const f: Fields = new Map();
      for (const line of g.replace(/\n[ \t]+/g, ' ').split('\n')) {
        const i = line.indexOf(':');
        if (i > 0) f.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
      }
      return f;
    });
  return groups.filter((f) => f.has('final-recipient') || f.has('original-recipient') || f.has('action'));
}

/** Permanent codes that say nothing about the address: mailbox full, too large, policy/spam, expired. */
const SOFT_PERMANENT = /^5\.(?:2\.2|3\.4|4\.7|7\.\d{1,3})$/;

/** hard/soft from the codes; null for a 2.x.x (delivered); undefined when there is no code. */
function severityOf(status: string | null, smtp: string | null): Severity | null | undefined {
  if (status) {
    if (status.startsWith('2.')) return null;
    if (status.startsWith('4.')) return 'soft';
    if (status.startsWith('5.')) return SOFT_PERMANENT.test(status) ? 'soft' : 'hard';
  }
  if (smtp) {
    if (smtp.startsWith('2')) return null;
    if (smtp.startsWith('4') || smtp === '552') return 'soft';
    if (smtp.startsWith('5')) return 'hard';
  }
  return undefined;
}

/** An enhanced status code (RFC 3463), not part of an IP address or version number. */
const ENHANCED = /(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?!\d|\.\d)/;
const FAILURE_ENHANCED = /(?<![\d.])([45])\.(\d{1,3})\.(\d{1,3})(?!\d|\.\d)/;
/** An SMTP reply code of a refusal (4xx/5xx as servers use them), not a port or a number in a host name. */
const SMTP_CODE = /(?<![\w.:[\]-])(2[05]0|4[2-5]\d|5[0-5]\d|571)(?=[\s-]|$)/m;
const FAILURE_SMTP = /(?<![\w.:[\]-])(4[2-5]\d|5[0-5]\d|571)(?=[\s-]|$)/m;

function classifyDsn(f: Fields): FailedRecipient | null {
  const action = (f.get('action') ?? '').toLowerCase().split(/[\s(;]/)[0] || null;
  if (action === 'delivered' || action === 'relayed' || action === 'expanded') return null;
  const diag = f.get('diagnostic-code') ?? '';
  const status =
    ENHANCED.exec(f.get('status') ?? '')
      ?.slice(1, 4)
      .join('.') ?? null;
  const diagStatus = ENHANCED.exec(diag)?.slice(1, 4).join('.') ?? null;
  const smtp = SMTP_CODE.exec(diag)?.[1] ?? null;
  let severity: Severity = 'soft';
  if (action !== 'delayed') {
    const s = severityOf(status ?? diagStatus, smtp);
    if (s === null) return null; // a 2.x.x status: delivered after all
    // Action: failed without a readable code counts as soft: it never marks an address at once.
    severity = s ?? 'soft';
  }
  return {
    email: addressOfField(f.get('final-recipient')) ?? addressOfField(f.get('original-recipient')),
    original: addressOfField(f.get('original-recipient')),
    severity,
    status: status ?? diagStatus ?? smtp,
    action,
    diagnostic: diag ? redact(diag.replace(/^[a-z-]+;\s*/i, '')).slice(0, 300) : null,
  };
}

function addressOfField(v: string | undefined): string | null {
  if (!v) return null;
  const a = (v.includes(';') ? v.slice(v.indexOf(';') + 1) : v).trim().replace(/^<|>$/g, '');
  return /^[^\s@]+@[^\s@]+$/.test(a) ? a.toLowerCase() : null;
}

// ── Plain-text bounces ──────────────────────────────────────────────────────────────────────

const HARD_WORDS =
  /permanent(?:ly)? (?:error|failure|fatal)|user unknown|unknown user|no such (?:user|mailbox|recipient|address)|does not exist|doesn't exist|recipient (?:address )?rejected|address rejected|mailbox (?:not found|unavailable|disabled)|account (?:has been )?disabled|invalid recipient|not (?:a )?valid (?:mailbox|recipient)|host not found|domain not found|no mx|existiert nicht|unbekannt(?:er empfänger)?|gibt es nicht|dauerhaft/i;
const SOFT_WORDS =
  /temporar(?:y|ily)|delayed|will (?:be )?retr(?:y|ied)|still trying|try(?:ing)? again|not yet been delivered|mailbox (?:is )?full|over quota|quota exceeded|vorübergehend|verzögert|postfach (?:ist )?voll|speicherplatz/i;

const DELIVERED_WORDS =
  /(?:successfully|has been|was) delivered|delivery (?:to the following recipients? )?(?:was )?successful|wurde (?:erfolgreich )?zugestellt/i;

/**
 * Severity, code and diagnostic from the text of a plain bounce (null if it reports a delivery). A
 * transcript may show earlier 2xx answers, so the first refusal code counts; without any code the
 * words decide, and a bounce that says nothing clear counts as soft.
 */
function classifyText(report: string): Pick<FailedRecipient, 'severity' | 'status' | 'diagnostic'> | null {
  const enhanced = FAILURE_ENHANCED.exec(report);
  const smtp = FAILURE_SMTP.exec(report);
  if (!enhanced && !smtp && DELIVERED_WORDS.test(report)) return null;
  const status = enhanced ? enhanced.slice(1, 4).join('.') : null;
  const severity =
    severityOf(status, smtp?.[1] ?? null) ??
    (HARD_WORDS.test(report) && !SOFT_WORDS.test(report) ? 'hard' : 'soft');
  const at = enhanced?.index ?? smtp?.index;
  const end = at === undefined ? -1 : report.indexOf('\n', at);
  const line =
    at !== undefined
      ? report.slice(report.lastIndexOf('\n', at) + 1, end < 0 ? undefined : end)
      : ((HARD_WORDS.exec(report) ?? SOFT_WORDS.exec(report))?.[0] ?? '');
  return {
    severity,
    status: status ?? smtp?.[1] ?? null,
    diagnostic: redact(oneLine(line)).slice(0, 300) || null,
  };
}

/** Addresses a plain bounce names as failed: lines that start with an address (Exim, Postfix, qmail, Sendmail). */
function recipientsInText(report: string, own: Set<string>): string[] {
  const skip = (a: string) => own.has(a) || DAEMON.test(a.split('@')[0]) || /\+[0-9a-f]{32}@/.test(a);
  const leading = new Set<string>();
  for (const m of report.matchAll(/^[ \t]*<?([^\s<>@"()]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})>?(?=[\s:.,;]|$)/gm)) {
    const a = m[1].toLowerCase();
    if (!skip(a)) leading.add(a);
  }
  if (leading.size) return [...leading];
  return addressesIn(report).filter((a) => !skip(a));
}

// ── Small helpers ───────────────────────────────────────────────────────────────────────────

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** E-mail addresses out of a text, lower-case, each once. */
function addressesIn(s: string): string[] {
  const out = new Set<string>();
  for (const m of s.matchAll(/[A-Za-z0-9._%+=-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g))
    out.add(m[0].toLowerCase());
  return [...out];
}

/** Removes e-mail addresses (personal data) from a server's message before it is stored. */
export const redact = (s: string): string => s.replace(/[^\s<>()[\];:,"']+@[^\s<>()[\];:,"']+/g, '…');

function headerText(v: HeaderValue | undefined): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map((x) => headerText(x as HeaderValue)).join(', ');
  if ('text' in v && typeof v.text === 'string') return v.text;
  if ('value' in v && typeof v.value === 'string') return v.value;
  return '';
}

function firstAddress(v: HeaderValue | undefined): string | null {
  return addressesIn(headerText(v))[0] ?? null;
}

/** The header block of a returned mail (up to the first empty line), continuation lines unfolded. */
function headerBlock(s: string): string {
  const n = s.replace(/\r\n?/g, '\n');
  const end = n.search(/\n[ \t]*\n/);
  return (end < 0 ? n : n.slice(0, end)).replace(/\n[ \t]+/g, ' ');
}

function headerValue(block: string, name: string): string {
  return new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(block)?.[1] ?? '';
}
