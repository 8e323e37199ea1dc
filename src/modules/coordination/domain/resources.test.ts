// The rules of resources and Prüfsteine without a database: how a CSV file is read (separator, header
// names, the formula guard read back), how amounts become cents, the sums of the table, the trend and
// which evidence links stay inside Quartier.
import { describe, expect, it } from 'vitest';
import { internalPath, trendOf } from './pruefsteine.ts';
import { checkBudgetRows, decodeFile, readBudgetCsv, resourceTable } from './resources.ts';

const site = { slug: 'mitte', baseUrl: 'https://quartier.example.org' };

describe('budget files', () => {
  it('finds the columns by their German or English names, in any order, with any separator', () => {
    const semicolon = readBudgetCsv(
      '\uFEFFBetrag;Gebiet;Jahr;Quelle;Art\r\n1,00;QM-A;2026;Jugendamt;Regelmittel\r\n;;;;\r\n',
    );
    expect(semicolon).toEqual([
      {
        line: 2,
        cells: {
          area: 'QM-A',
          year: '2026',
          source: 'Jugendamt',
          kind: 'Regelmittel',
          amount: '1,00',
          reference: '',
        },
        referenceGiven: false,
      },
    ]);
    const comma = readBudgetCsv(
      'Area,Year,Source,Kind,Amount,Reference\nQM-A,2026,Stadtumbau,programme,"1.000,50",\'=Titel',
    );
    expect(comma[0].cells).toMatchObject({ amount: '1.000,50', reference: '=Titel', kind: 'programme' });
    expect(() => readBudgetCsv('Gebiet;Jahr\nQM-A;2026')).toThrow('coordination:budget.errors.columns');
    expect(() => readBudgetCsv('  ')).toThrow('coordination:budget.errors.empty');
  });

  it('reads a Windows-1252 file as well as UTF-8', () => {
    expect(decodeFile(new Uint8Array([0x46, 0xf6, 0x72, 0x64]))).toBe('Förd');
    expect(decodeFile(new TextEncoder().encode('\uFEFFFörd'))).toBe('Förd');
  });

  it('turns euros as written into cents and names each bad field', () => {
    const rows = readBudgetCsv(
      'Gebiet;Jahr;Quelle;Art;Betrag\nA;2026;X;Förderprogramm;12.500,5\nA;2026;Y;regular;1200.75\nA;1999;Z;Regel;-5',
    );
    const checked = checkBudgetRows(rows, (t) => (t === 'A' ? { id: 'a', name: 'Gebiet A' } : 'unknown'));
    expect(checked.map((r) => r.value?.amountCents)).toEqual([1_250_050, 120_075, undefined]);
    expect(Object.keys(checked[2].errors).sort()).toEqual(['amount', 'kind', 'year']);
  });

  it('sums per area, per source and in all', () => {
    const table = resourceTable(
      [
        { areaId: 'a', source: 'Stadtumbau', kind: 'programme', amountCents: 500 },
        { areaId: 'a', source: 'Jugendamt', kind: 'regular', amountCents: 100 },
        { areaId: 'b', source: 'Jugendamt', kind: 'regular', amountCents: 250 },
      ],
      [
        { id: 'a', name: 'A' },
        { id: 'b', name: 'B' },
      ],
    );
    expect(table.sources.map((s) => [s.name, s.totalCents])).toEqual([
      ['Jugendamt', 350],
      ['Stadtumbau', 500],
    ]);
    expect(table.areas.map((a) => [a.name, a.totalCents])).toEqual([
      ['A', 600],
      ['B', 250],
    ]);
    expect(table.totalCents).toBe(850);
  });
});

describe('Prüfsteine', () => {
  it('compares with the latest earlier rating', () => {
    const earlier = [
      { year: 2023, rating: 1 },
      { year: 2025, rating: 3 },
      { year: 2027, rating: 0 },
    ];
    expect(trendOf(2, earlier, 2026)).toEqual({ trend: 'down', previous: { year: 2025, rating: 3 } });
    expect(trendOf(3, earlier, 2026).trend).toBe('same');
    expect(trendOf(4, [], 2026)).toEqual({ trend: 'first', previous: null });
    expect(trendOf(null, earlier, 2024)).toEqual({ trend: 'unrated', previous: { year: 2023, rating: 1 } });
  });

  it('keeps evidence inside this district in Quartier', () => {
    expect(internalPath('https://quartier.example.org/staff/mitte/coordination?x=1', site)).toEqual({
      scope: 'staff',
      path: '/coordination?x=1',
    });
    expect(internalPath('/mitte/plans', site)).toEqual({ scope: 'public', path: '/plans' });
    expect(internalPath('/mitte', site)).toEqual({ scope: 'public', path: '/' });
    expect(internalPath('https://evil.example.org/staff/mitte', site)).toEqual({
      error: 'coordination:pruefstein.errors.external',
    });
    expect(internalPath('//evil.example.org/staff/mitte', site)).toEqual({
      error: 'coordination:pruefstein.errors.external',
    });
    expect(internalPath('https://user:pw@quartier.example.org/staff/mitte', site)).toEqual({
      error: 'coordination:pruefstein.errors.external',
    });
    expect(internalPath('/mittelerde/plans', site)).toEqual({
      error: 'coordination:pruefstein.errors.otherTenant',
    });
    expect(internalPath('/staff/mitte/../pankow', site)).toEqual({
      error: 'coordination:pruefstein.errors.path',
    });
    expect(internalPath('/staff/mitte/a b', site)).toEqual({ error: 'coordination:pruefstein.errors.path' });
  });
});
