/**
 * Certificates of engagement (Engagementnachweis, ENGAGE-4): the volunteer asks for one through their
 * link; staff of an area the volunteer chose sign it off, which fixes its content (the confirmed
 * engagements and their confirmed hours); the volunteer downloads it as PDF. Thanks messages too.
 */
import { and, asc, desc, eq, isNull, type SQL } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import { type Actor, authorize, scopeFilter, scopeOf } from '../../../platform/authz.ts';
import { type Db, newId, ofTenant } from '../../../platform/db/index.ts';
import { parseInput, requiredText } from '../../../platform/forms/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import type { TFunction } from '../../../platform/i18n/index.ts';
import { registerPdfFonts, writeText } from '../../../platform/pdf/index.ts';
import { formatDate, localDate } from '../../../platform/time/index.ts';
import { getTenant } from '../../tenancy/index.ts';
import { type CertificateContent, certificates, matches, needs, thanks, volunteers } from '../db/schema.ts';
import { MANAGE, READ } from '../policies.ts';
import { type Certificate, getCertificate, type Volunteer } from '../queries.ts';
import { thanksInput } from '../schemas.ts';
import { i18n, mail, mailLang } from './mails.ts';
import { minutesOf } from './matches.ts';
import { audit } from './shared.ts';
import { volunteerByToken, volunteerFor } from './volunteers.ts';

/** The volunteer asks for a certificate (one open request at a time). */
export async function requestCertificateByToken(
  db: Db,
  tenantId: string,
  token: string,
): Promise<Certificate> {
  const v = await volunteerByToken(db, tenantId, token);
  const open = await db
    .select()
    .from(certificates)
    .where(
      and(
        ofTenant(certificates, tenantId),
        eq(certificates.volunteerId, v.id),
        eq(certificates.status, 'requested'),
      ),
    );
  if (open.length) return open[0];
  const [row] = await db
    .insert(certificates)
    .values({ tenantId, id: newId(), volunteerId: v.id })
    .returning();
  await audit(db, null, tenantId, 'create', 'certificate', row.id, { by: 'volunteer' });
  return row;
}

export async function certificatesOfVolunteer(
  db: Db,
  tenantId: string,
  volunteerId: string,
): Promise<Certificate[]> {
  return db
    .select()
    .from(certificates)
    .where(and(ofTenant(certificates, tenantId), eq(certificates.volunteerId, volunteerId)))
    .orderBy(desc(certificates.requestedAt));
}

/** What a certificate lists: confirmed engagements (confirmed or since ended) with their confirmed hours. */
export async function contentOf(db: Db, tenantId: string, v: Volunteer): Promise<CertificateContent> {
  const rows = await db
    .select({ match: matches, title: needs.title, organisation: needs.organisation })
    .from(matches)
    .innerJoin(needs, and(eq(needs.tenantId, matches.tenantId), eq(needs.id, matches.needId)))
    .where(and(ofTenant(matches, tenantId), eq(matches.volunteerId, v.id)))
    .orderBy(asc(matches.confirmedAt));
  const agreed = rows.filter((r) => r.match.confirmedAt);
  const minutes = await minutesOf(
    db,
    tenantId,
    agreed.map((r) => r.match.id),
  );
  const engagements = agreed.map((r) => ({
    title: r.title,
    organisation: r.organisation,
    from: localDate(r.match.confirmedAt!),
    to: r.match.endedAt ? localDate(r.match.endedAt) : null,
    minutes: minutes.get(r.match.id) ?? 0,
  }));
  return { name: v.name, engagements, totalMinutes: engagements.reduce((s, e) => s + e.minutes, 0) };
}

/** Requests waiting for a sign-off from the member's areas. */
export async function certificateRequestsFor(actor: Actor, db: Db) {
  authorize(actor, READ);
  const where: (SQL | undefined)[] = [
    ofTenant(certificates, actor.tenantId),
    eq(certificates.status, 'requested'),
    scopeFilter(volunteers.areaIds, scopeOf(actor, READ)),
    isNull(volunteers.erasedAt),
  ];
  return db
    .select({ certificate: certificates, name: volunteers.name, volunteerId: volunteers.id })
    .from(certificates)
    .innerJoin(
      volunteers,
      and(eq(volunteers.tenantId, certificates.tenantId), eq(volunteers.id, certificates.volunteerId)),
    )
    .where(and(...where))
    .orderBy(asc(certificates.requestedAt));
}

/** Staff sign a certificate off: its content is fixed now; the volunteer is told by mail. */
export async function signCertificate(
  actor: Actor,
  db: Db,
  id: string,
  signerName: string,
): Promise<Certificate> {
  authorize(actor, MANAGE);
  const cert = await getCertificate(db, actor.tenantId, id);
  if (!cert) throw new AppError(404, 'certificate_not_found');
  const v = await volunteerFor(actor, db, cert.volunteerId, MANAGE);
  const signer = requiredText(200).safeParse(signerName);
  if (!signer.success) throw new ValidationError({ signerName: 'validation.required' });
  if (cert.status !== 'requested') throw new ValidationError({ certificate: 'volunteering:errors.signed' });
  const content = await contentOf(db, actor.tenantId, v);
  if (content.engagements.length === 0)
    throw new ValidationError({ certificate: 'volunteering:errors.nothingToCertify' });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(certificates)
      .set({
        status: 'signed',
        signedAt: new Date(),
        signedBy: actor.userId ?? null,
        signerName: signer.data,
        content,
      })
      .where(and(ofTenant(certificates, actor.tenantId), eq(certificates.id, cert.id)))
      .returning();
    await audit(tx, actor, actor.tenantId, 'update', 'certificate', cert.id, { signed: true });
    await mail(tx, actor.tenantId, v.email, v.lang, 'certificate', { name: v.name });
    return row;
  });
}

/** A signed certificate as PDF, for the volunteer's own link. */
export async function certificatePdfByToken(
  db: Db,
  tenantId: string,
  token: string,
  id: string,
): Promise<Buffer> {
  const v = await volunteerByToken(db, tenantId, token);
  const cert = await getCertificate(db, tenantId, id);
  if (!cert || cert.volunteerId !== v.id || cert.status !== 'signed' || !cert.content)
    throw new AppError(404, 'certificate_not_found');
  const tenant = await getTenant(db, tenantId);
  const lang = mailLang(v.lang);
  return certificatePdf({ t: i18n.t(lang, 'volunteering'), lang, tenantName: tenant?.name ?? '', cert });
}

const hoursText = (minutes: number) => (Math.round((minutes / 60) * 10) / 10).toLocaleString('de-DE');

/** The certificate document: who, what, where, since when, how many hours, signed by whom and when. */
export async function certificatePdf(o: {
  t: TFunction;
  lang: string;
  tenantName: string;
  cert: Certificate;
}): Promise<Buffer> {
  const { t, lang, cert } = o;
  const c = cert.content!;
  const title = String(t('volunteering:certificate.title'));
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    tagged: true,
    lang: lang === 'de-x-ls' ? 'de' : lang,
    displayTitle: true,
    info: { Title: title, Author: o.tenantName, Subject: `${title}: ${c.name}` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  registerPdfFonts(doc);
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const x = doc.page.margins.left;
  const rtl = lang === 'ar';
  const line = (value: string, size = 11, gap = 6) => {
    writeText(doc, value, { size, x, width, rtl });
    doc.moveDown(gap / 12);
  };
  line(o.tenantName, 10);
  line(title, 20, 12);
  line(String(t('volunteering:certificate.intro', { name: c.name })), 12, 10);
  for (const e of c.engagements) {
    const period = e.to
      ? `${formatDate(e.from, lang)} – ${formatDate(e.to, lang)}`
      : String(t('volunteering:certificate.since', { date: formatDate(e.from, lang) }));
    line(`${e.title}${e.organisation ? ` (${e.organisation})` : ''}`, 12, 2);
    line(
      `${period} · ${String(t('volunteering:certificate.hours', { hours: hoursText(e.minutes) }))}`,
      11,
      8,
    );
  }
  line(String(t('volunteering:certificate.total', { hours: hoursText(c.totalMinutes) })), 12, 14);
  line(String(t('volunteering:certificate.thanks')), 11, 14);
  line(
    String(
      t('volunteering:certificate.signed', {
        name: cert.signerName,
        date: cert.signedAt ? formatDate(cert.signedAt, lang) : '',
      }),
    ),
    11,
  );
  doc.end();
  return done;
}

/** Staff thank a volunteer: a message mailed to them and shown on their page. */
export async function thankVolunteer(actor: Actor, db: Db, volunteerId: string, input: { text: string }) {
  const v = await volunteerFor(actor, db, volunteerId, MANAGE);
  const { text } = parseInput(thanksInput, input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(thanks)
      .values({
        tenantId: actor.tenantId,
        id: newId(),
        volunteerId: v.id,
        text,
        sentBy: actor.userId ?? null,
      })
      .returning();
    await audit(tx, actor, actor.tenantId, 'create', 'thanks', row.id);
    await mail(tx, actor.tenantId, v.email, v.lang, 'thanks', { name: v.name, text });
    return row;
  });
}

export async function thanksOfVolunteer(db: Db, tenantId: string, volunteerId: string) {
  return db
    .select()
    .from(thanks)
    .where(and(ofTenant(thanks, tenantId), eq(thanks.volunteerId, volunteerId)))
    .orderBy(desc(thanks.createdAt));
}
