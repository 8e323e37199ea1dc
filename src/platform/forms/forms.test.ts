import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../http/errors.ts';
import { PLANNING } from '../http/limits.ts';
import {
  choice,
  choices,
  email,
  emptyOr,
  fromForm,
  httpUrl,
  localDate,
  localTime,
  parseFields,
  parseInput,
  phone,
  requiredText,
  slug,
  slugify,
  text,
  triState,
  uuid,
  wholeNumber,
} from './index.ts';

const fixed = () => new Date('2026-06-15T10:00:00Z');
const input = z.object({
  title: requiredText(10),
  note: text(20).default(''),
  mail: emptyOr(email()).optional(),
  phone: phone().optional(),
  link: httpUrl().optional(),
  date: localDate({ window: PLANNING, now: fixed, label: 'x:fields.date' }),
  time: localTime().optional(),
  places: wholeNumber(1, 100, { label: 'x:fields.places' }).optional(),
  kind: choice(['a', 'b']),
  tags: choices(['red', 'green']).default([]),
  id: uuid().optional(),
  stepFree: triState(),
  dates: z.array(z.object({ start: localDate() })).default([]),
});

const fieldsOf = (f: () => unknown): Record<string, string> => {
  try {
    f();
  } catch (err) {
    if (err instanceof ValidationError) return err.fields;
    throw err;
  }
  throw new Error('no ValidationError');
};

describe('one schema per input', () => {
  it('parses a good input to typed values (trimmed, lower-case e-mail, seconds dropped, ids in lower case)', () => {
    const v = parseInput(input, {
      title: '  Fest ',
      mail: 'Ana@Example.ORG ',
      date: '2026-07-01',
      time: '18:30:00',
      places: 12,
      kind: 'a',
      tags: ['red', 'red'],
      id: '0190A4B2-0000-7000-8000-000000000001',
      stepFree: null,
      link: 'https://example.org',
    });
    expect(v).toMatchObject({
      title: 'Fest',
      note: '',
      mail: 'ana@example.org',
      time: '18:30',
      places: 12,
      tags: ['red'],
      id: '0190a4b2-0000-7000-8000-000000000001',
      link: 'https://example.org/',
    });
  });

  it('names every bad field with a translation key that states its limit, nested paths flattened', () => {
    const fields = fieldsOf(() =>
      parseInput(input, {
        title: 'x'.repeat(11),
        mail: 'not-an-address',
        phone: 'call me',
        link: 'javascript:alert(1)',
        date: '2099-01-01',
        time: '25:00',
        places: 0,
        kind: 'c',
        id: 'nope',
        stepFree: 'maybe',
        tags: ['red', 'blue'],
        dates: [{ start: '2026-02-30' }],
      }),
    );
    expect(fields).toEqual({
      title: 'validation.tooLong|{"max":10}',
      mail: 'validation.email',
      phone: 'validation.phone',
      link: 'validation.url',
      date: 'validation.dateRange|{"min":"2021-06-15","max":"2031-06-15","field":"x:fields.date"}',
      time: 'validation.time',
      places: 'validation.numberRange|{"min":1,"max":100,"field":"x:fields.places"}',
      kind: 'validation.choice',
      id: 'validation.choice',
      stepFree: 'validation.choice',
      tags: 'validation.choice',
      'dates.0.start': 'validation.date',
    });
  });

  it('says "required" for a missing value, whatever the field', () => {
    const fields = fieldsOf(() => parseInput(input, { stepFree: null }));
    expect(fields).toMatchObject({
      title: 'validation.required',
      date: 'validation.required',
      kind: 'validation.required',
    });
  });

  it('reads a posted form: empty is nothing, checkboxes are booleans, repeated fields lists, values kept as typed', () => {
    const { input: posted, values } = fromForm(
      {
        title: ' Fest ',
        places: '12',
        count: '1,5',
        bad: '12a',
        on: 'on',
        tags: ['red', ' ', 'green'],
        tri: 'no',
        ex: '2026-01-01, 2026-01-08',
        empty: '',
      },
      {
        title: 'text',
        places: 'number',
        count: 'number',
        bad: 'number',
        on: 'checkbox',
        off: 'checkbox',
        tags: 'list',
        tri: 'triState',
        ex: 'words',
        empty: 'text',
      },
    );
    expect(posted).toEqual({
      title: 'Fest',
      places: 12,
      count: 1.5,
      bad: '12a',
      on: true,
      off: false,
      tags: ['red', 'green'],
      tri: false,
      ex: ['2026-01-01', '2026-01-08'],
      empty: undefined,
    });
    expect(values).toMatchObject({
      title: 'Fest',
      places: '12',
      bad: '12a',
      tags: ['red', 'green'],
      ex: '2026-01-01, 2026-01-08',
    });
  });

  it('a form with one bad field keeps every other value typed', () => {
    const { input: posted } = fromForm(
      { title: 'Fest', date: '2026-07-01', places: '1000', kind: 'b', tri: 'yes' },
      { title: 'text', date: 'text', places: 'number', kind: 'text', tri: 'triState' },
    );
    const r = parseFields(
      {
        title: input.shape.title,
        date: input.shape.date,
        places: input.shape.places,
        kind: input.shape.kind,
        tri: triState(),
      },
      posted,
    );
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual({
      places: 'validation.numberRange|{"min":1,"max":100,"field":"x:fields.places"}',
    });
    expect(r.data).toEqual({ title: 'Fest', date: '2026-07-01', kind: 'b', tri: true });
  });

  it('slugs: one rule for making and for checking them', () => {
    expect(slugify('Über den Dächern – Straße 1')).toBe('ueber-den-daechern-strasse-1');
    expect(slugify('x'.repeat(100), 80)).toHaveLength(80);
    expect(slug().safeParse('wedding-nord').success).toBe(true);
    expect(fieldsOf(() => parseInput(z.object({ s: slug() }), { s: 'Wedding Nord' }))).toEqual({
      s: 'validation.slug',
    });
  });
});
