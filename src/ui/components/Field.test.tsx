import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import {
  CheckboxField,
  CheckboxGroup,
  FileField,
  fieldId,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
} from './Field.tsx';

// No DOM library is installed (jsdom/happy-dom), so markup is inspected with small regex helpers.
// Attribute names are matched case-insensitively (React keeps e.g. `autoComplete` as written).

/** Value of attribute `name` on the first `<tag>` in html. */
const attr = (html: string, tag: string, name: string) => {
  const m = html.match(new RegExp(`<${tag}\\b[^>]*\\s${name}="([^"]*)"`, 'i'));
  return m ? m[1] : undefined;
};

/** The opening tag of the element with the given id. */
const byId = (html: string, id: string) => {
  const m = html.match(new RegExp(`<[a-z]+\\b[^>]*\\sid="${id}"[^>]*>`));
  if (!m) throw new Error(`no element #${id}`);
  return m[0];
};

describe('TextField', () => {
  it('links label, hint and error to the input and keeps the value', () => {
    const html = renderToStaticMarkup(
      <TextField
        name="email"
        label="E-Mail-Adresse"
        type="email"
        value="kim@example"
        hint="Wir schreiben Ihnen nur zu dieser Anfrage."
        error="Geben Sie eine E-Mail-Adresse im Format name@beispiel.de ein"
        required
        autoComplete="email"
        inputMode="email"
      />,
    );
    expect(attr(html, 'label', 'for')).toBe('email');
    expect(attr(html, 'input', 'id')).toBe('email');
    expect(attr(html, 'input', 'name')).toBe('email');
    expect(attr(html, 'input', 'value')).toBe('kim@example');
    expect(attr(html, 'input', 'aria-invalid')).toBe('true');
    expect(attr(html, 'input', 'aria-required')).toBe('true');
    expect(attr(html, 'input', 'autocomplete')).toBe('email');
    expect(attr(html, 'input', 'inputmode')).toBe('email');
    const describedBy = attr(html, 'input', 'aria-describedby')?.split(' ');
    expect(describedBy).toEqual(['email-hint', 'email-error']);
    expect(html).toContain('id="email-hint"');
    expect(html).toContain('id="email-error"');
    expect(html).toContain('kern-form-input--error');
    expect(html).toContain('kern-form-input__input--error');
    // error message is visible and rendered above the input
    expect(html.indexOf('id="email-error"')).toBeLessThan(html.indexOf('<input'));
    expect(html).toContain('Geben Sie eine E-Mail-Adresse im Format name@beispiel.de ein');
  });

  it('has no aria-invalid / describedby when valid and without hint', () => {
    const html = renderToStaticMarkup(<TextField name="name" label="Name" value="" />);
    expect(html).not.toContain('aria-invalid');
    expect(html).not.toContain('aria-describedby');
    expect(html).not.toContain('kern-error');
  });

  it('escapes values and never re-renders passwords', () => {
    const html = renderToStaticMarkup(<TextField name="q" label="Suche" value={'"><script>x</script>'} />);
    expect(html).not.toContain('<script>');
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    const pw = renderToStaticMarkup(<TextField name="pw" label="Passwort" type="password" value="secret" />);
    expect(pw).not.toContain('secret');
  });

  it('derives safe ids from names', () => {
    expect(fieldId('address[street]')).toBe('address-street');
    expect(fieldId('2fa')).toBe('f-2fa');
    const html = renderToStaticMarkup(<TextField name="address[street]" label="Straße" error="Fehlt" />);
    expect(attr(html, 'input', 'id')).toBe('address-street');
    expect(attr(html, 'input', 'name')).toBe('address[street]');
    expect(attr(html, 'input', 'aria-describedby')).toBe('address-street-error');
  });

  it('shows the optional marker only for optional fields', () => {
    const opt = renderToStaticMarkup(<TextField name="phone" label="Telefon" optionalText="(optional)" />);
    expect(opt).toContain('kern-label__optional');
    const req = renderToStaticMarkup(
      <TextField name="phone" label="Telefon" optionalText="(optional)" required />,
    );
    expect(req).not.toContain('kern-label__optional');
  });
});

describe('TextArea', () => {
  it('keeps the text and wires the error', () => {
    const html = renderToStaticMarkup(
      <TextArea name="message" label="Nachricht" value={'Zeile 1\nZeile 2'} error="Zu lang" />,
    );
    expect(attr(html, 'label', 'for')).toBe('message');
    expect(html).toMatch(/<textarea[^>]*id="message"[^>]*>\s*Zeile 1\nZeile 2<\/textarea>/);
    expect(attr(html, 'textarea', 'aria-invalid')).toBe('true');
    expect(attr(html, 'textarea', 'aria-describedby')).toBe('message-error');
  });
});

describe('SelectField', () => {
  it('selects the submitted option and wires label and error', () => {
    const html = renderToStaticMarkup(
      <SelectField
        name="district"
        label="Bezirk"
        placeholder="Bitte wählen"
        value="b"
        error="Wählen Sie einen Bezirk"
        options={[
          { value: 'a', label: 'Altstadt' },
          { value: 'b', label: 'Bahnhofsviertel' },
        ]}
      />,
    );
    expect(attr(html, 'label', 'for')).toBe('district');
    expect(attr(html, 'select', 'id')).toBe('district');
    expect(html).toMatch(/<option value="b" selected="">Bahnhofsviertel<\/option>/);
    expect(html).toContain('<option value="">Bitte wählen</option>');
    expect(attr(html, 'select', 'aria-invalid')).toBe('true');
    expect(attr(html, 'select', 'aria-describedby')).toBe('district-error');
    expect(html).toContain('kern-form-input__select-wrapper');
  });
});

describe('CheckboxField', () => {
  it('keeps the checked state and wires hint and error', () => {
    const html = renderToStaticMarkup(
      <CheckboxField
        name="consent"
        label="Ich stimme zu"
        checked
        hint="Pflichtangabe"
        error="Bitte zustimmen"
      />,
    );
    expect(attr(html, 'input', 'type')).toBe('checkbox');
    expect(attr(html, 'input', 'checked')).toBe('');
    expect(attr(html, 'label', 'for')).toBe('consent');
    expect(attr(html, 'input', 'aria-describedby')).toBe('consent-hint consent-error');
    expect(attr(html, 'input', 'aria-invalid')).toBe('true');
  });
});

describe('RadioGroup', () => {
  const options = [
    { value: 'yes', label: 'Ja' },
    { value: 'no', label: 'Nein', hint: 'Dann melden wir uns nicht.' },
  ];

  it('uses fieldset + legend, checks the submitted value and gives the first radio the group id', () => {
    const html = renderToStaticMarkup(
      <RadioGroup
        name="contact"
        label="Dürfen wir Sie kontaktieren?"
        value="no"
        error="Wählen Sie eine Antwort"
        options={options}
      />,
    );
    expect(html).toMatch(/^<fieldset[^>]*class="kern-fieldset kern-fieldset--error"/);
    expect(html).toContain('<legend class="kern-label" id="contact-legend">Dürfen wir Sie kontaktieren?');
    expect(attr(html, 'fieldset', 'aria-describedby')).toBe('contact-error');
    const first = byId(html, 'contact');
    const second = byId(html, 'contact-2');
    expect(first).toContain('value="yes"');
    expect(first).not.toContain('checked');
    expect(second).toContain('value="no"');
    expect(second).toContain('checked=""');
    expect(second).toContain('aria-describedby="contact-2-hint"');
    expect(second).toContain('aria-invalid="true"');
    expect(html).toContain('for="contact"');
    expect(html).toContain('for="contact-2"');
  });

  it('CheckboxGroup checks all submitted values', () => {
    const html = renderToStaticMarkup(
      <CheckboxGroup
        name="topics"
        label="Themen"
        values={['a', 'c']}
        options={[
          { value: 'a', label: 'A' },
          { value: 'b', label: 'B' },
          { value: 'c', label: 'C' },
        ]}
      />,
    );
    expect(html.match(/checked=""/g)).toHaveLength(2);
    expect(byId(html, 'topics')).toContain('checked=""');
    expect(byId(html, 'topics-2')).not.toContain('checked');
    expect(byId(html, 'topics-3')).toContain('checked=""');
  });
});

describe('FileField', () => {
  it('wires label, error and the current-file note', () => {
    const html = renderToStaticMarkup(
      <FileField
        name="upload"
        label="Datei"
        accept=".pdf"
        current="plan.pdf (bereits hochgeladen)"
        error="Zu groß"
      />,
    );
    expect(attr(html, 'input', 'type')).toBe('file');
    expect(attr(html, 'label', 'for')).toBe('upload');
    expect(attr(html, 'input', 'aria-describedby')).toBe('upload-current upload-error');
    expect(attr(html, 'input', 'aria-invalid')).toBe('true');
  });
});
