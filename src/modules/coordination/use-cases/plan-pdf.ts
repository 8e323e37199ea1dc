// The adopted integrated action plan as PDF (tagged: headings per field of action and goal, paragraphs
// for indicators and measures, so a screen reader reads it in order), for staff and the public alike:
// the version as adopted, with where each measure stands now, the latest measured values and the
// roll-up. Public wording (five languages); no person is named.
import PDFDocument from 'pdfkit';
import { formatMoney, type TFunction } from '../../../platform/i18n/index.ts';
import { registerPdfFonts, writeText } from '../../../platform/pdf/index.ts';
import { formatDate } from '../../../platform/time/index.ts';
import { planRollUp, progressPercent } from '../domain/plans.ts';
import { type PublicPlan, rollUpText } from './public-plans.ts';

const num = (n: number, lang: string) => new Intl.NumberFormat(lang === 'de-x-ls' ? 'de' : lang).format(n);

export async function planPdf(o: {
  t: TFunction;
  lang: string;
  tenantName: string;
  areaName: string;
  plan: PublicPlan;
  today: string;
}): Promise<Buffer> {
  const { t, lang, plan } = o;
  const s = plan.snapshot;
  const day = (d: string | null) => (d ? formatDate(d, lang) : '–');
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    tagged: true,
    lang,
    displayTitle: true,
    info: { Title: s.title, Author: o.tenantName, Subject: String(t('coordination:public.title')) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  registerPdfFonts(doc);
  const root = doc.struct('Document');
  doc.addStructure(root);
  const x = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const block = (tag: string, text: string, size: number, bold = false, gap = 6) => {
    if (!text) return;
    if (doc.y > doc.page.height - doc.page.margins.bottom - size * 3) doc.addPage();
    root.add(doc.struct(tag, {}, [() => void writeText(doc, text, { size, x, width, bold })]));
    doc.moveDown(gap / 12);
  };
  const rollup = planRollUp(s.fields, plan.statuses, plan.latest);

  block('P', `${o.tenantName} · ${o.areaName}`, 10);
  block('H1', s.title, 18, true, 4);
  block(
    'P',
    String(t('coordination:public.period', { from: day(s.periodFrom), to: day(s.periodTo) })),
    10,
    false,
    2,
  );
  block(
    'P',
    String(
      t('coordination:public.adopted', {
        version: plan.version,
        date: day(plan.adoptedOn),
        body: plan.adoptedBy,
      }),
    ),
    10,
    false,
    2,
  );
  block(
    'P',
    String(t('coordination:public.pdfStand', { version: plan.version, date: day(o.today) })),
    10,
    false,
    8,
  );
  block('P', rollUpText(t, rollup.plan), 10, false, 8);
  block('P', s.summary, 11, false, 10);

  for (const f of s.fields) {
    block('H2', String(t('coordination:public.field', { name: f.name })), 15, true, 4);
    block('P', f.description, 11);
    block('P', rollUpText(t, rollup.fields.get(f.id)), 9.5, false, 8);
    for (const g of f.goals) {
      block('H3', String(t('coordination:public.goal', { title: g.title })), 12.5, true, 3);
      block('P', g.description, 10.5);
      block('P', rollUpText(t, rollup.goals.get(g.id)), 9.5, false, 6);
      if (g.indicators.length > 0) {
        block('H4', String(t('coordination:public.indicators')), 11, true, 2);
        for (const i of g.indicators) {
          const l = plan.latest.get(i.id);
          const unit = i.unit ? ` ${i.unit}` : '';
          block(
            'P',
            `${i.name}: ${String(
              t('coordination:public.fromTo', {
                baseline: `${num(i.baseline, lang)}${unit}`,
                target: `${num(i.target, lang)}${unit}`,
              }),
            )}. ${String(
              l
                ? t('coordination:public.measured', {
                    value: `${num(l.value, lang)}${unit}`,
                    date: day(l.measuredOn),
                    percent: progressPercent(i, l.value) ?? 0,
                  })
                : t('coordination:public.notMeasured'),
            )}`,
            10,
            false,
            3,
          );
        }
      }
      if (g.measures.length > 0) {
        block('H4', String(t('coordination:public.measures')), 11, true, 2);
        for (const m of g.measures) {
          const status = plan.statuses.get(m.id);
          block(
            'P',
            `${m.title}${status ? ` (${String(t(`coordination:vocab.measure.${status}`))})` : ''}`,
            10.5,
            true,
            1,
          );
          block('P', m.description, 10, false, 2);
          const who = [m.department, m.responsible].filter(Boolean).join(', ');
          block(
            'P',
            [
              who ? String(t('coordination:public.responsible', { who })) : '',
              m.startsOn || m.endsOn
                ? String(t('coordination:public.schedule', { from: day(m.startsOn), to: day(m.endsOn) }))
                : '',
              m.fundingKind
                ? String(
                    t('coordination:public.funding', {
                      kind: t(`coordination:vocab.funding.${m.fundingKind}`),
                    }),
                  )
                : '',
              m.budgetLine || m.budgetCents !== null
                ? String(
                    t('coordination:public.budget', {
                      line: [m.budgetLine, m.budgetCents !== null ? formatMoney(m.budgetCents, lang) : '']
                        .filter(Boolean)
                        .join(': '),
                    }),
                  )
                : '',
              m.budgetYears?.length
                ? String(
                    t('coordination:public.budgetYears', {
                      years: m.budgetYears
                        .map((b) => `${b.year}: ${formatMoney(b.amountCents, lang)}`)
                        .join(', '),
                    }),
                  )
                : '',
            ]
              .filter(Boolean)
              .join(' · '),
            9.5,
            false,
            2,
          );
          for (const ms of m.milestones ?? []) {
            const reached = plan.milestonesDone.get(ms.id);
            block(
              'P',
              `${String(t('coordination:public.milestones'))}: ${ms.title} – ${String(
                reached
                  ? t('coordination:public.reachedOn', { date: day(reached) })
                  : t('coordination:public.dueOn', { date: day(ms.dueOn) }),
              )}`,
              9.5,
              false,
              1,
            );
          }
          for (const st of m.steps ?? [])
            block(
              'P',
              `${String(t('coordination:public.steps'))}: ${String(
                t('coordination:public.step', {
                  date: day(st.takesPlaceOn),
                  what: st.what,
                  who: st.withWhom,
                }),
              )}`,
              9.5,
              false,
              1,
            );
          if (m.continuation)
            block('P', `${String(t('coordination:public.continuation'))}: ${m.continuation}`, 9.5, false, 2);
          doc.moveDown(0.4);
        }
      }
    }
  }
  if (s.continuation) {
    block('H2', String(t('coordination:public.continuationTitle')), 15, true, 4);
    block('P', s.continuation, 11);
  }
  block('H2', String(t('coordination:public.versions')), 15, true, 4);
  for (const v of plan.versions)
    block(
      'P',
      `${String(t('coordination:public.adopted', { version: v.version, date: day(v.adoptedOn), body: v.adoptedBy }))}${
        v.changeNote ? ` – ${String(t('coordination:public.changed'))}: ${v.changeNote}` : ''
      }`,
      10,
      false,
      2,
    );
  root.end();
  doc.end();
  return done;
}
