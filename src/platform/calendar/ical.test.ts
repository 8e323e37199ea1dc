import { describe, expect, it } from 'vitest';
import { parseStrict, strictProblems } from '../../test/strict-ical.ts';
import { localToInstant } from '../time/index.ts';
import { escapeText, foldLine, type IcalEvent, writeCalendar } from './ical.ts';

const event = (o: Partial<IcalEvent> = {}): IcalEvent => ({
  uid: 'e1@quartier.example',
  sequence: 0,
  stamp: new Date('2025-03-01T10:00:00Z'),
  start: localToInstant('2025-03-25', '18:00'),
  end: localToInstant('2025-03-25', '20:00'),
  allDay: false,
  summary: 'Kiezrunde; mit Kaffee, Tee',
  status: 'CONFIRMED',
  ...o,
});

describe('the one iCalendar writer', () => {
  it('writes a strict calendar that ical.js reads: CRLF to the end, METHOD, PRODID, VTIMEZONE', () => {
    const text = writeCalendar({ product: 'Events', name: 'Termine', events: [event()] });
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text).toContain('\r\nMETHOD:PUBLISH\r\n');
    expect(text).toContain('\r\nPRODID:-//Quartier//Events//DE\r\n');
    const { problems, events } = parseStrict(text);
    expect(problems).toEqual([]);
    expect(events).toHaveLength(1);
    expect(events[0].summary).toBe('Kiezrunde; mit Kaffee, Tee');
    expect(events[0].startDate.toJSDate().toISOString()).toBe('2025-03-25T17:00:00.000Z');
  });

  it('an event without an end has neither DTEND nor DURATION (RFC 5545: it ends when it starts)', () => {
    const text = writeCalendar({
      product: 'Events',
      name: 'Termine',
      events: [event({ end: null }), event({ uid: 'e2@quartier.example', allDay: true, end: null })],
    });
    expect(text).not.toContain('DTEND');
    expect(text).not.toMatch(/^DURATION[:;]/m);
    const { problems, events } = parseStrict(text);
    expect(problems).toEqual([]);
    expect(events[0].startDate.toJSDate().toISOString()).toBe('2025-03-25T17:00:00.000Z');
    expect(events[0].endDate.toJSDate().toISOString()).toBe('2025-03-25T17:00:00.000Z');
    expect(events[1].startDate.isDate).toBe(true);
  });

  it('a calendar without dates still holds a component (the VTIMEZONE), never an empty VCALENDAR', () => {
    const text = writeCalendar({ product: 'Consultation hours', name: 'Leer', events: [] });
    const { problems, cal } = parseStrict(text);
    expect(problems).toEqual([]);
    expect(cal.getAllSubcomponents('vtimezone')).toHaveLength(1);
    expect(cal.getAllSubcomponents('vevent')).toHaveLength(0);
  });

  it('withdraws published events with METHOD:CANCEL', () => {
    const text = writeCalendar({
      product: 'Houses',
      method: 'CANCEL',
      name: 'Storno',
      events: [
        event({ status: 'CANCELLED', sequence: 1, organizer: { name: 'Haus, Nord', email: 'a@b.de' } }),
      ],
    });
    const { problems, cal, events } = parseStrict(text);
    expect(problems).toEqual([]);
    expect(cal.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(events[0].component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(text).toContain('ORGANIZER;CN="Haus, Nord":mailto:a@b.de');
  });

  it('folds at 75 octets without splitting a character, and escapes TEXT', () => {
    const long = `SUMMARY:${'ä'.repeat(60)}`;
    const folded = foldLine(long);
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(long);
    expect(escapeText('a;b,c\\d\r\ne')).toBe('a\\;b\\,c\\\\d\\ne');
  });

  it('the strict checker catches a missing final CRLF, long lines, a missing METHOD and an empty VCALENDAR', () => {
    const good = writeCalendar({ product: 'Events', name: 'x', events: [event()] });
    expect(strictProblems(good.slice(0, -2))).toContain('does not end with CRLF');
    expect(strictProblems(good.replace('METHOD:PUBLISH\r\n', ''))).toContain('METHOD missing');
    expect(strictProblems(good.replace('X-WR-CALNAME:x', `X-WR-CALNAME:${'x'.repeat(80)}`))).toContain(
      'line 7 has 93 octets',
    );
    const empty =
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//DE\r\nMETHOD:PUBLISH\r\nEND:VCALENDAR\r\n';
    expect(strictProblems(empty)).toEqual(['empty VCALENDAR (no component)']);
  });
});
