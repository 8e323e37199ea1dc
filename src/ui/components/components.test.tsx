import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { renderPage } from '../../platform/http/render.tsx';
import { Alert } from './Alert.tsx';
import { Button, LinkButton } from './Button.tsx';
import { Card } from './Card.tsx';
import { DataTable } from './DataTable.tsx';
import { ErrorSummary } from './ErrorSummary.tsx';
import { CheckboxField, fieldId, RadioGroup, TextField } from './Field.tsx';
import { FormFrame } from './FormFrame.tsx';
import { KeyValueList } from './KeyValueList.tsx';
import { Pagination, pageItems } from './Pagination.tsx';
import { SvgMap } from './SvgMap.tsx';

describe('ErrorSummary', () => {
  it('links each error to its field id and is focusable', () => {
    const html = renderToStaticMarkup(
      <ErrorSummary
        title="Es gibt ein Problem"
        errors={[
          { fieldId: fieldId('email'), message: 'E-Mail fehlt' },
          { fieldId: fieldId('address[zip]'), message: 'PLZ ungültig' },
        ]}
      />,
    );
    expect(html).toMatch(/^<div class="q-error-summary" id="error-summary" tabindex="-1" autofocus="">/);
    expect(html).toContain('<h2 class="q-error-summary__title">Es gibt ein Problem</h2>');
    expect(html).toContain('<a href="#email">E-Mail fehlt</a>');
    expect(html).toContain('<a href="#address-zip">PLZ ungültig</a>');
    expect(html).not.toContain('role="alert"');
  });

  it('targets the same id the field renders', () => {
    const field = renderToStaticMarkup(<TextField name="address[zip]" label="PLZ" error="PLZ ungültig" />);
    expect(field).toContain('id="address-zip"');
  });

  it('renders nothing without errors', () => {
    expect(renderToStaticMarkup(<ErrorSummary title="x" errors={[]} />)).toBe('');
  });

  it('names each field by the label it has further down the page, and links to it', () => {
    const page = (
      <form>
        <ErrorSummary
          title="Bitte prüfen Sie Ihre Angaben"
          errors={[
            { fieldId: 'name', message: 'Bitte füllen Sie dieses Feld aus.' },
            { fieldId: 'purpose', message: 'Bitte kürzen Sie den Text auf höchstens 200 Zeichen.' },
            { fieldId: 'repeat', message: 'Bitte wählen Sie einen der angebotenen Werte.' },
            { fieldId: 'rules', message: 'Bitte bestätigen Sie die Hausordnung.' },
            { fieldId: 'date', message: 'Datum: Bitte ein Datum bis 2030 angeben.' },
            { fieldId: 'elsewhere', message: 'Ohne Feld auf der Seite.' },
          ]}
        />
        <TextField name="name" label="Ihr Name" error="Bitte füllen Sie dieses Feld aus." />
        <TextField name="purpose" label="Was ist geplant?" value="x" />
        <RadioGroup name="repeat" label="Wie oft?" options={[{ value: 'none', label: 'Einmalig' }]} />
        <CheckboxField name="rules" label="Ich akzeptiere die Hausordnung." />
        <TextField name="date" label="Datum" />
      </form>
    );
    const html = renderPage(page);
    const summary = html.slice(0, html.indexOf('</ul>'));
    expect(summary).toContain(
      '<a href="#name"><span class="q-error-summary__field">Ihr Name</span>: Bitte füllen Sie dieses Feld aus.</a>',
    );
    expect(summary).toContain(
      '<a href="#purpose"><span class="q-error-summary__field">Was ist geplant?</span>: Bitte kürzen Sie den Text auf höchstens 200 Zeichen.</a>',
    );
    expect(summary).toContain('<span class="q-error-summary__field">Wie oft?</span>');
    expect(summary).toContain('<span class="q-error-summary__field">Ich akzeptiere die Hausordnung.</span>');
    // A message that already leads with the field's name is not named twice.
    expect(summary).toContain('<a href="#date">Datum: Bitte ein Datum bis 2030 angeben.</a>');
    expect(summary).toContain('<a href="#elsewhere">Ohne Feld auf der Seite.</a>');
    // The radio group's first option carries the id the summary links to.
    expect(html).toContain('id="repeat"');
  });

  it('a label given with the error wins, and a page without errors renders once', () => {
    const html = renderPage(
      <ErrorSummary title="x" errors={[{ fieldId: 'f-1', label: 'Zeile 1', message: 'fehlt' }]} />,
    );
    expect(html).toContain('<a href="#f-1"><span class="q-error-summary__field">Zeile 1</span>: fehlt</a>');
  });
});

describe('Button / LinkButton', () => {
  it('uses KERN classes and defaults to type=submit', () => {
    expect(renderToStaticMarkup(<Button>Speichern</Button>)).toBe(
      '<button type="submit" class="kern-btn kern-btn--primary"><span class="kern-label">Speichern</span></button>',
    );
    expect(
      renderToStaticMarkup(
        <Button variant="danger" type="button">
          Löschen
        </Button>,
      ),
    ).toContain('class="kern-btn q-btn--danger"');
    expect(
      renderToStaticMarkup(
        <LinkButton href="/neu" variant="secondary">
          Neu
        </LinkButton>,
      ),
    ).toBe('<a class="kern-btn kern-btn--secondary" href="/neu"><span class="kern-label">Neu</span></a>');
  });
});

describe('Alert', () => {
  it('maps error to KERN danger and hides the icon', () => {
    const html = renderToStaticMarkup(
      <Alert variant="error" title="Speichern fehlgeschlagen">
        Bitte versuchen Sie es erneut.
      </Alert>,
    );
    expect(html).toContain('class="kern-alert kern-alert--danger"');
    expect(html).toContain('<span class="kern-icon kern-icon--danger" aria-hidden="true"></span>');
    expect(html).toContain('<p class="kern-body">Bitte versuchen Sie es erneut.</p>');
  });
});

describe('DataTable', () => {
  const rows = [
    { id: 1, name: 'Altstadt', people: 1200 },
    { id: 2, name: 'Nordviertel', people: 950 },
  ];
  const columns = [
    { key: 'name', header: 'Name', cell: (r: (typeof rows)[number]) => r.name, rowHeader: true },
    { key: 'people', header: 'Einwohner', cell: (r: (typeof rows)[number]) => r.people, numeric: true },
  ];

  it('wraps the table in a focusable, named scroll region', () => {
    const html = renderToStaticMarkup(
      <DataTable
        id="areas"
        caption="Gebiete"
        columns={columns}
        rows={rows}
        rowKey={(r) => r.id}
        emptyMessage="Keine Gebiete"
      />,
    );
    expect(html).toMatch(
      /^<div class="q-table-wrap kern-table-responsive" role="region" tabindex="0" aria-labelledby="areas-caption">/,
    );
    expect(html).toContain('<caption class="kern-title" id="areas-caption">Gebiete</caption>');
    expect(html).toContain('<th scope="col" class="kern-table__header">Name</th>');
    expect(html).toContain('<th scope="row" class="kern-table__header">Altstadt</th>');
    expect(html).toContain('<td class="kern-table__cell kern-table__cell--numeric">1200</td>');
  });

  it('uses aria-label when given and shows the empty message', () => {
    const html = renderToStaticMarkup(
      <DataTable
        caption="Gebiete"
        label="Tabelle Gebiete"
        columns={columns}
        rows={[]}
        emptyMessage="Keine Gebiete"
      />,
    );
    expect(html).toContain('aria-label="Tabelle Gebiete"');
    expect(html).not.toContain('aria-labelledby');
    expect(html).toMatch(/<td class="kern-table__cell q-table__empty" colspan="2">Keine Gebiete<\/td>/i);
    expect(html).toContain('Keine Gebiete');
  });
});

describe('Pagination', () => {
  it('computes page windows with gaps', () => {
    const pages = (p: number, n: number) => pageItems(p, n).map((i) => (i.kind === 'gap' ? '…' : i.page));
    expect(pages(1, 1)).toEqual([1]);
    expect(pages(1, 10)).toEqual([1, 2, '…', 10]);
    expect(pages(5, 10)).toEqual([1, '…', 4, 5, 6, '…', 10]);
    expect(pages(3, 10)).toEqual([1, 2, 3, 4, '…', 10]);
    expect(pages(10, 10)).toEqual([1, '…', 9, 10]);
  });

  it('marks the current page and renders prev/next links', () => {
    const html = renderToStaticMarkup(
      <Pagination
        page={2}
        totalPages={3}
        href={(n) => `/gebiete?page=${n}`}
        label="Seiten"
        previousLabel="Zurück"
        nextLabel="Weiter"
        pageLabel={(n) => `Seite ${n}`}
      />,
    );
    expect(html).toMatch(/^<nav class="q-pagination" aria-label="Seiten">/);
    expect(html).toContain('<a href="/gebiete?page=2" aria-current="page" aria-label="Seite 2">2</a>');
    expect(html).toContain('href="/gebiete?page=1" rel="prev"');
    expect(html).toContain('href="/gebiete?page=3" rel="next"');
    expect(
      renderToStaticMarkup(
        <Pagination page={1} totalPages={1} href={String} label="" previousLabel="" nextLabel="" />,
      ),
    ).toBe('');
  });
});

describe('KeyValueList', () => {
  it('renders a dl with dt/dd pairs and an empty-value placeholder', () => {
    const html = renderToStaticMarkup(
      <KeyValueList
        items={[
          { term: 'Name', value: 'Altstadt' },
          { term: 'Fläche', value: null },
        ]}
        emptyValue="keine Angabe"
      />,
    );
    expect(html).toMatch(/^<dl class="kern-description-list q-kv">/);
    expect(html).toContain(
      '<dt class="kern-description-list-item__key">Name</dt><dd class="kern-description-list-item__value">Altstadt</dd>',
    );
    expect(html).toContain('>keine Angabe</dd>');
  });
});

describe('Card', () => {
  it('renders a heading and a stretched link for interactive cards', () => {
    const html = renderToStaticMarkup(
      <Card title="Projekt A" href="/projekte/a" preline="Projekt">
        Text
      </Card>,
    );
    expect(html).toContain('kern-card kern-card--interactive');
    expect(html).toContain(
      '<h3 class="kern-title"><a class="kern-link kern-link--stretched" href="/projekte/a">Projekt A</a></h3>',
    );
  });
});

describe('SvgMap', () => {
  const paths = [
    { key: 'a', d: 'M0 0H10V10H0Z', label: 'Altstadt', href: '/gebiete/a' },
    { key: 'b', d: 'M10 0H20V10H10Z', label: 'Nordviertel', href: '/gebiete/b', highlighted: true },
    { key: 'c', d: 'M20 0H30V10H20Z', label: 'Hafen' },
  ];

  it('renders one <a> with aria-label per linked path inside a named group', () => {
    const html = renderToStaticMarkup(
      <SvgMap
        id="m"
        viewBox="0 0 30 10"
        title="Gebiete"
        description="Nordviertel ist hervorgehoben."
        paths={paths}
      />,
    );
    expect(html).toMatch(
      /^<figure class="q-map" id="m"><svg[^>]*role="group"[^>]*aria-labelledby="m-title"[^>]*aria-describedby="m-desc"/,
    );
    const links = html.match(/<a [^>]*>/g) ?? [];
    expect(links).toHaveLength(2);
    expect(links[0]).toBe('<a href="/gebiete/a" aria-label="Altstadt">');
    expect(links[1]).toBe('<a href="/gebiete/b" aria-label="Nordviertel">');
    expect(html).toContain('<path class="q-map__area q-map__area--highlighted" d="M10 0H20V10H10Z"></path>');
    expect(html).toContain('<path class="q-map__area" d="M20 0H30V10H20Z" aria-hidden="true"></path>');
    expect(html).toContain('<title id="m-title">Gebiete</title>');
  });

  it('is a single image with title/desc when nothing is linked', () => {
    const html = renderToStaticMarkup(
      <SvgMap
        id="n"
        viewBox="0 0 30 10"
        title="Lage"
        description="Das Gebiet liegt im Norden."
        paths={[paths[2]]}
      />,
    );
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="n-title n-desc"/);
    expect(html).not.toContain('<a ');
    expect(html).toContain('<desc id="n-desc">Das Gebiet liegt im Norden.</desc>');
  });

  it('generates unique ids without an id prop', () => {
    const html = renderToStaticMarkup(
      <>
        <SvgMap viewBox="0 0 1 1" title="A" paths={[]} />
        <SvgMap viewBox="0 0 1 1" title="B" paths={[]} />
      </>,
    );
    const ids = [...html.matchAll(/<title id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(2);
    expect(ids[0]).not.toBe(ids[1]);
    expect(html).toContain(`aria-labelledby="${ids[0]}"`);
  });
});

describe('FormFrame', () => {
  it('puts the error summary before a posting form with its CSRF field, and links each message to its field', () => {
    const html = renderToStaticMarkup(
      <FormFrame
        action="/x/new"
        csrf="tok"
        errorTitle="Bitte prüfen"
        errors={{ title: 'Titel fehlt', 'dates.0.start': 'Datum?' }}
      >
        <TextField name="title" label="Titel" value="Fest" error="Titel fehlt" />
      </FormFrame>,
    );
    expect(html.indexOf('q-error-summary')).toBeLessThan(html.indexOf('<form'));
    const form = /<form [^>]*>/.exec(html)?.[0] ?? '';
    expect(form).toMatch(/method="post"/);
    expect(form).toMatch(/action="\/x\/new"/);
    expect(form).toMatch(/novalidate=""/i);
    expect(html).toContain('<input type="hidden" name="_csrf" value="tok"/>');
    expect(html).toContain('<a href="#title">Titel fehlt</a>');
    expect(html).toContain('<a href="#dates-0-start">Datum?</a>');
    expect(html).toContain('value="Fest"');
  });

  it('shows no summary without errors and sends files as multipart', () => {
    const html = renderToStaticMarkup(
      <FormFrame action="/up" csrf="t" errorTitle="x" multipart>
        <span />
      </FormFrame>,
    );
    expect(html).not.toContain('q-error-summary');
    expect(html).toMatch(/enctype="multipart\/form-data"/i);
  });
});
