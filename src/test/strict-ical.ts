import ICAL from 'ical.js';

/**
 * Strict checks of iCalendar text as Quartier emits it (RFC 5545 + RFC 7986 + RFC 5546 METHOD),
 * stricter than most parsers: CRLF only (the last line too), folding at 75 octets, VERSION, PRODID
 * and METHOD, at least one component (never an empty VCALENDAR), UTC where the RFC demands it, every
 * TZID backed by a VTIMEZONE, no unknown IANA-less property names, unique UIDs. Used by the tests of
 * every module that writes a calendar (src/platform/calendar/ical.ts).
 */
const KNOWN = new Set([
  // RFC 5545 calendar and component properties
  'BEGIN',
  'END',
  'VERSION',
  'PRODID',
  'CALSCALE',
  'METHOD',
  'UID',
  'DTSTAMP',
  'DTSTART',
  'DTEND',
  'DURATION',
  'SUMMARY',
  'DESCRIPTION',
  'LOCATION',
  'GEO',
  'URL',
  'CATEGORIES',
  'STATUS',
  'SEQUENCE',
  'CREATED',
  'LAST-MODIFIED',
  'RRULE',
  'RDATE',
  'EXDATE',
  'RECURRENCE-ID',
  'ORGANIZER',
  'CLASS',
  'TRANSP',
  'ATTACH',
  'TZID',
  'TZOFFSETFROM',
  'TZOFFSETTO',
  'TZNAME',
  'TZURL',
  'CONTACT',
  'PRIORITY',
  'RESOURCES',
  'COMMENT',
  // RFC 7986
  'NAME',
  'REFRESH-INTERVAL',
  'COLOR',
  'IMAGE',
  'SOURCE',
]);

export interface Parsed {
  name: string;
  props: { name: string; params: Record<string, string>; value: string }[];
  children: Parsed[];
}

export function strictProblems(text: string): string[] {
  const problems: string[] = [];
  if (!text.endsWith('\r\n')) problems.push('does not end with CRLF');
  if (/(^|[^\r])\n/.test(text)) problems.push('bare LF line ending');
  const physical = text.split('\r\n');
  if (physical[physical.length - 1] === '') physical.pop();
  physical.forEach((l, i) => {
    const octets = Buffer.byteLength(l, 'utf8');
    if (octets > 75) problems.push(`line ${i + 1} has ${octets} octets`);
  });
  // Unfold.
  const lines: string[] = [];
  for (const l of physical) {
    if (l.startsWith(' ') || l.startsWith('\t')) lines[lines.length - 1] += l.slice(1);
    else lines.push(l);
  }
  const root: Parsed = { name: 'ROOT', props: [], children: [] };
  const stack = [root];
  for (const line of lines) {
    const m =
      /^([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)*):(.*)$/.exec(line);
    if (!m) {
      problems.push(`unparsable line: ${line}`);
      continue;
    }
    const name = m[1].toUpperCase();
    const params: Record<string, string> = {};
    for (const p of m[2].split(';').slice(1)) {
      const [k, ...v] = p.split('=');
      params[k.toUpperCase()] = v.join('=').replace(/^"|"$/g, '');
    }
    const value = m[3];
    if (name === 'BEGIN') {
      const c: Parsed = { name: value, props: [], children: [] };
      stack[stack.length - 1].children.push(c);
      stack.push(c);
    } else if (name === 'END') {
      const c = stack.pop();
      if (!c || c.name !== value) problems.push(`END:${value} does not close ${c?.name}`);
    } else {
      if (!KNOWN.has(name) && !name.startsWith('X-')) problems.push(`unknown property ${name}`);
      stack[stack.length - 1].props.push({ name, params, value });
    }
  }
  if (stack.length !== 1) problems.push('unclosed component');
  const cal = root.children[0];
  if (cal?.name !== 'VCALENDAR' || root.children.length !== 1) {
    problems.push('not exactly one VCALENDAR');
    return problems;
  }
  const one = (c: Parsed, n: string) => c.props.filter((p) => p.name === n);
  if (one(cal, 'VERSION')[0]?.value !== '2.0') problems.push('VERSION:2.0 missing');
  if (one(cal, 'PRODID').length !== 1) problems.push('PRODID missing');
  const method = one(cal, 'METHOD');
  if (method.length !== 1) problems.push('METHOD missing');
  else if (!['PUBLISH', 'REQUEST', 'CANCEL'].includes(method[0].value))
    problems.push(`unexpected METHOD ${method[0].value}`);
  if (cal.children.length === 0) problems.push('empty VCALENDAR (no component)');
  const tzids = new Set(
    cal.children.filter((c) => c.name === 'VTIMEZONE').map((c) => one(c, 'TZID')[0]?.value),
  );
  for (const tz of cal.children.filter((c) => c.name === 'VTIMEZONE')) {
    if (!tz.children.some((x) => x.name === 'STANDARD') || !tz.children.some((x) => x.name === 'DAYLIGHT'))
      problems.push('VTIMEZONE without STANDARD and DAYLIGHT');
    for (const sub of tz.children)
      for (const req of ['DTSTART', 'TZOFFSETFROM', 'TZOFFSETTO'])
        if (one(sub, req).length !== 1) problems.push(`VTIMEZONE ${sub.name} without ${req}`);
  }
  const uids = new Set<string>();
  const utc = /^\d{8}T\d{6}Z$/;
  const local = /^\d{8}T\d{6}$/;
  const date = /^\d{8}$/;
  for (const ev of cal.children.filter((c) => c.name === 'VEVENT')) {
    const uid = one(ev, 'UID');
    if (uid.length !== 1) problems.push('VEVENT without exactly one UID');
    else if (uids.has(uid[0].value) && !one(ev, 'RECURRENCE-ID').length)
      problems.push(`duplicate UID ${uid[0].value}`);
    else uids.add(uid[0].value);
    const stamp = one(ev, 'DTSTAMP');
    if (stamp.length !== 1 || !utc.test(stamp[0].value))
      problems.push(`DTSTAMP missing or not UTC in ${uid[0]?.value}`);
    for (const n of ['CREATED', 'LAST-MODIFIED'])
      for (const p of one(ev, n)) if (!utc.test(p.value)) problems.push(`${n} not UTC`);
    const start = one(ev, 'DTSTART');
    if (start.length !== 1) problems.push('VEVENT without DTSTART');
    if (one(ev, 'DTEND').length && one(ev, 'DURATION').length) problems.push('DTEND and DURATION together');
    for (const n of ['DTSTART', 'DTEND', 'EXDATE', 'RECURRENCE-ID']) {
      for (const p of one(ev, n)) {
        const values = p.value.split(',');
        if (p.params.VALUE === 'DATE') {
          if (!values.every((v) => date.test(v))) problems.push(`${n} not a DATE`);
        } else if (p.params.TZID) {
          if (!tzids.has(p.params.TZID)) problems.push(`TZID ${p.params.TZID} without VTIMEZONE`);
          if (!values.every((v) => local.test(v))) problems.push(`${n} with TZID is not a local time`);
        } else if (!values.every((v) => utc.test(v))) problems.push(`${n} is floating (no TZID, not UTC)`);
      }
    }
    for (const r of one(ev, 'RRULE')) {
      const until = /UNTIL=([^;]+)/.exec(r.value)?.[1];
      if (until && start[0]?.params.VALUE !== 'DATE' && !utc.test(until))
        problems.push('RRULE UNTIL not UTC');
      if (until && /COUNT=/.test(r.value)) problems.push('RRULE with UNTIL and COUNT');
      if (!/^FREQ=/.test(r.value)) problems.push('RRULE must start with FREQ');
    }
    for (const s of one(ev, 'STATUS'))
      if (!['TENTATIVE', 'CONFIRMED', 'CANCELLED'].includes(s.value)) problems.push(`bad STATUS ${s.value}`);
    for (const p of [...one(ev, 'SUMMARY'), ...one(ev, 'DESCRIPTION'), ...one(ev, 'LOCATION')]) {
      // Unescaped , or ; in TEXT (a backslash must precede them).
      if (/(^|[^\\])[,;]/.test(p.value.replace(/\\\\/g, ''))) problems.push(`unescaped text in ${p.name}`);
    }
  }
  return problems;
}

/**
 * Parses a calendar with ical.js after the strict checks: the problems (none expected), the calendar
 * and its events. ical.js learns the calendar's own VTIMEZONE, so local times resolve as published.
 */
export function parseStrict(text: string): { problems: string[]; cal: ICAL.Component; events: ICAL.Event[] } {
  const problems = strictProblems(text);
  const cal = new ICAL.Component(ICAL.parse(text));
  for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  return { problems, cal, events: cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)) };
}
