import { and, eq, sql } from 'drizzle-orm';
import { systemActor } from '../../platform/authz.ts';
import { ofTenant } from '../../platform/db/index.ts';
import type { Services } from '../../platform/http/context.ts';
import { richText } from '../../platform/richtext/index.ts';
import { getAreaByKey } from '../areas/index.ts';
import { posts } from './db/schema.ts';
import {
  createPage,
  createPost,
  setPagePublished,
  setPostStatus,
  type TextInput,
  updatePage,
  updatePost,
} from './use-cases/content.ts';

type Texts = Partial<
  Record<'de' | 'en' | 'tr' | 'ar' | 'de-x-ls', { title: string; summary?: string; body: string }>
>;

const NEWS: { slug: string; topics: string[]; texts: Texts }[] = [
  {
    slug: 'neuer-spielplatz-beispielplatz',
    topics: ['family', 'construction'],
    texts: {
      de: {
        title: 'Der Spielplatz am Beispielplatz wird neu gestaltet (Demo)',
        summary: 'Ab dem Frühjahr bekommt der Spielplatz neue Geräte. Kinder aus dem Kiez haben mitgeplant.',
        body: 'Ab dem Frühjahr bekommt der Spielplatz am Beispielplatz neue Geräte und mehr Schatten. Kinder aus der Grundschule haben in zwei Werkstätten mitgeplant.\n\nWährend der Bauzeit ist der Platz für etwa acht Wochen gesperrt. Eine fiktive Demo-Meldung.',
      },
      en: {
        title: 'The playground on Beispielplatz is being redesigned (demo)',
        summary:
          'From spring the playground gets new equipment. Children from the neighbourhood helped plan it.',
        body: 'From spring the playground on Beispielplatz gets new equipment and more shade. Children from the primary school helped plan it in two workshops.\n\nThe playground will be closed for about eight weeks during construction. A fictional demo post.',
      },
      tr: {
        title: 'Beispielplatz oyun alanı yeniden düzenleniyor (demo)',
        summary:
          'İlkbahardan itibaren oyun alanına yeni oyun aletleri geliyor. Mahalledeki çocuklar da planlamaya katıldı.',
        body: 'İlkbahardan itibaren Beispielplatz oyun alanına yeni oyun aletleri ve daha fazla gölge geliyor. İlkokul öğrencileri iki atölyede planlamaya katıldı.\n\nİnşaat sırasında alan yaklaşık sekiz hafta kapalı olacak. Kurgusal bir demo haberi.',
      },
      ar: {
        title: 'إعادة تصميم ملعب الأطفال في ساحة بايشبيل (تجريبي)',
        summary: 'ابتداءً من الربيع يحصل الملعب على ألعاب جديدة. شارك أطفال الحي في التخطيط.',
        body: 'ابتداءً من الربيع يحصل ملعب الأطفال في ساحة بايشبيل على ألعاب جديدة ومزيد من الظل. شارك تلاميذ المدرسة الابتدائية في التخطيط خلال ورشتي عمل.\n\nسيُغلق الملعب نحو ثمانية أسابيع أثناء البناء. خبر تجريبي من نسج الخيال.',
      },
      'de-x-ls': {
        title: 'Der Spielplatz wird neu (Demo)',
        summary: 'Im Frühling bekommt der Spielplatz neue Spiel-Geräte.',
        body: 'Im Frühling bekommt der Spielplatz am Beispielplatz neue Spiel-Geräte.\n\nKinder aus der Schule haben mit-geplant.\n\nIn der Bau-Zeit ist der Spielplatz zu. Das dauert etwa 8 Wochen.',
      },
    },
  },
  {
    slug: 'aktionsfonds-jury-sucht-mitglieder',
    topics: ['participation', 'funding'],
    texts: {
      de: {
        title: 'Die Aktionsfonds-Jury sucht neue Mitglieder (Demo)',
        summary: 'Wer im Kiez wohnt, kann mitentscheiden, welche kleinen Projekte Geld bekommen.',
        body: 'Die Jury des Aktionsfonds entscheidet viermal im Jahr über Anträge bis 1.500 €. Wir suchen Nachbarinnen und Nachbarn, die zwei Jahre mitmachen möchten.\n\nMelden Sie sich in einer Sprechstunde. Eine fiktive Demo-Meldung.',
      },
    },
  },
];

const GUIDE: { slug: string; sort: number; kind: 'page' | 'guide'; texts: Texts }[] = [
  {
    slug: 'willkommen-ankommen-im-kiez',
    sort: 10,
    kind: 'guide',
    texts: {
      de: {
        title: 'Ankommen im Kiez',
        body: 'Das Quartiersteam ist für alle da, die hier wohnen oder arbeiten. Sie finden uns in den Sprechstunden an wechselnden Orten – ohne Termin.\n\nIm Nachbarschaftscafé gibt es jeden Tag Kaffee, Zeitungen und Menschen, die sich auskennen. (Fiktiver Demo-Text.)',
      },
      en: {
        title: 'Arriving in the neighbourhood',
        body: 'The neighbourhood team is there for everyone who lives or works here. You find us at the consultation hours at changing places – no appointment needed.\n\nThe neighbourhood café has coffee, newspapers and people who know their way around every day. (Fictional demo text.)',
      },
      tr: {
        title: 'Mahalleye varış',
        body: 'Mahalle ekibi burada yaşayan ya da çalışan herkes için vardır. Bizi değişen yerlerdeki danışma saatlerinde bulabilirsiniz – randevu gerekmez.\n\nMahalle kafesinde her gün kahve, gazete ve çevreyi iyi bilen insanlar var. (Kurgusal demo metni.)',
      },
      ar: {
        title: 'الوصول إلى الحي',
        body: 'فريق الحي موجود لكل من يسكن أو يعمل هنا. تجدوننا في مواعيد الاستشارة في أماكن متغيرة – دون موعد مسبق.\n\nفي مقهى الجيران تجدون كل يوم القهوة والصحف وأشخاصاً يعرفون المكان جيداً. (نص تجريبي من نسج الخيال.)',
      },
      'de-x-ls': {
        title: 'Neu im Kiez',
        body: 'Das Team vom Quartier hilft allen Menschen hier.\n\nSie finden uns in den Sprech-Stunden. Sie brauchen keinen Termin.',
      },
    },
  },
  {
    slug: 'willkommen-beratung-und-hilfe',
    sort: 20,
    kind: 'guide',
    texts: {
      de: {
        title: 'Beratung und Hilfe',
        body: 'Fragen zu Miete, Wohngeld, Bürgergeld oder Schulden? Die allgemeine Sozialberatung im Bezirk hilft kostenlos und vermittelt weiter.\n\nFür Familien gibt es das Familienzentrum, für junge Menschen die Jugendberatung. (Fiktiver Demo-Text.)',
      },
      en: {
        title: 'Advice and help',
        body: 'Questions about rent, housing benefit, citizen’s income or debt? The district’s general social counselling helps free of charge and refers you on.\n\nFamilies go to the family centre, young people to youth counselling. (Fictional demo text.)',
      },
    },
  },
  {
    slug: 'ueber-das-quartiersmanagement',
    sort: 0,
    kind: 'page',
    texts: {
      de: {
        title: 'Über das Quartiersmanagement',
        body: 'Das Quartiersmanagement arbeitet im Programm „Sozialer Zusammenhalt“. Es ist nicht wichtig, was im Büro passiert, sondern was im Quartier passiert: Wir sind unterwegs, in Sprechstunden, bei Nachbarinnen und Nachbarn und bei den Einrichtungen im Kiez. (Fiktiver Demo-Text.)',
      },
    },
  },
];

function text(lang: string, t: { title: string; summary?: string; body: string }): TextInput {
  return { lang, title: t.title, summary: t.summary ?? '', bodyHtml: richText(t.body) };
}

/** Fictional news, a page and two chapters of the welcome guide in the demo programme area; idempotent. */
export async function seedDemoWebsite(services: Services, tenantId: string): Promise<void> {
  const db = services.db;
  const actor = systemActor(tenantId);
  const area = await getAreaByKey(db, tenantId, 'programme', 'QM-DEMO-1');
  if (!area) return;
  const [existing] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(posts)
    .where(and(ofTenant(posts, tenantId), eq(posts.areaId, area.id)));
  if (Number(existing?.n ?? 0) > 0) return;
  for (const n of NEWS) {
    const [first, ...rest] = Object.entries(n.texts);
    const p = await createPost(
      actor,
      db,
      { areaId: area.id, slug: n.slug, topics: n.topics },
      text(first[0], first[1]!),
    );
    for (const [lang, t] of rest)
      await updatePost(
        actor,
        db,
        services.config.storageDir,
        p.id,
        { areaId: area.id, slug: n.slug, topics: n.topics },
        text(lang, t!),
      );
    await setPostStatus(actor, db, p.id, true);
  }
  for (const g of GUIDE) {
    const meta = { areaId: area.id, slug: g.slug, kind: g.kind, sort: g.sort };
    const [first, ...rest] = Object.entries(g.texts);
    const p = await createPage(actor, db, meta, text(first[0], first[1]!));
    for (const [lang, t] of rest) await updatePage(actor, db, p.id, meta, text(lang, t!));
    await setPagePublished(actor, db, p.id, true);
  }
}
