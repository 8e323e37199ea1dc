/**
 * The decision letter (Bewilligungs- oder Ablehnungsbescheid) as PDF, in the language the applicant
 * applied in (pdfkit with the platform's fonts and right-to-left text, platform/pdf): the fund, the
 * project, the date of the decision, the amount granted with its conditions, or the reasons for the
 * refusal, and what happens next.
 */
import PDFDocument from 'pdfkit';
import { formatMoney, type TFunction } from '../../../platform/i18n/index.ts';
import { isolate, registerPdfFonts, writeText } from '../../../platform/pdf/index.ts';
import { formatDate, localDate } from '../../../platform/time/index.ts';
import type { Application } from '../queries.ts';

export interface DecisionLetter {
  t: TFunction;
  lang: string;
  tenantName: string;
  fundName: string;
  application: Pick<
    Application,
    | 'title'
    | 'applicantName'
    | 'groupName'
    | 'status'
    | 'decidedAt'
    | 'grantedCents'
    | 'requestedCents'
    | 'conditions'
    | 'refusalReasons'
  >;
}

const ARABIC = /[\u0600-\u06FF]/;

export async function decisionLetterPdf(o: DecisionLetter): Promise<Buffer> {
  const { t, lang, application: a } = o;
  const granted = a.grantedCents !== null && a.status !== 'refused';
  const title = String(t(granted ? 'funds:letter.titleGranted' : 'funds:letter.titleRefused'));
  const rtl = lang === 'ar';
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    tagged: true,
    lang: lang === 'de-x-ls' ? 'de' : lang,
    displayTitle: true,
    info: { Title: title, Author: o.tenantName, Subject: `${o.fundName}: ${a.title}` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  registerPdfFonts(doc);
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const x = doc.page.margins.left;
  const text = (value: string, size = 11, s: { bold?: boolean; gap?: number; typed?: boolean } = {}) =>
    // What people typed (titles, names, conditions) keeps its own direction inside a right-to-left
    // letter: each line isolated, so a German sentence keeps its full stop at its end.
    writeText(
      doc,
      s.typed && rtl && !ARABIC.test(value) ? value.split('\n').map(isolate).join('\n') : value,
      {
        size,
        width,
        x,
        rtl,
        bold: s.bold,
        paragraphGap: s.gap ?? 0,
      },
    );
  const day = a.decidedAt ? formatDate(localDate(a.decidedAt), lang) : '';

  text(o.tenantName, 10, { gap: 2, typed: true });
  text(o.fundName, 10, { gap: 18, typed: true });
  text(title, 18, { bold: true, gap: 10 });
  text(String(t('funds:letter.project')), 9, { bold: true });
  text(a.title, 12, { gap: 6, typed: true });
  text(String(t('funds:letter.applicant')), 9, { bold: true });
  text([a.applicantName, a.groupName].filter(Boolean).join(', ') || '–', 11, { gap: 6, typed: true });
  text(String(t('funds:letter.decidedOn')), 9, { bold: true });
  text(day || '–', 11, { gap: 12 });
  if (granted) {
    text(
      String(
        t('funds:letter.grantedText', {
          amount: formatMoney(a.grantedCents ?? 0, lang),
          requested: formatMoney(a.requestedCents, lang),
        }),
      ),
      11,
      { gap: 8 },
    );
    if (a.conditions.trim()) {
      text(String(t('funds:letter.conditions')), 11, { bold: true, gap: 2 });
      text(a.conditions, 11, { gap: 8, typed: true });
    }
    text(String(t('funds:letter.nextGranted')), 11, { gap: 8 });
  } else {
    text(String(t('funds:letter.refusedText')), 11, { gap: 8 });
    if (a.refusalReasons.trim()) {
      text(String(t('funds:letter.reasons')), 11, { bold: true, gap: 2 });
      text(a.refusalReasons, 11, { gap: 8, typed: true });
    }
    text(String(t('funds:letter.nextRefused')), 11, { gap: 8 });
  }
  text(String(t('funds:letter.closing', { tenant: o.tenantName })), 11);
  doc.end();
  return done;
}
