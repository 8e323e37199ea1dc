import { and, eq } from 'drizzle-orm';
import { newId, ofTenant } from '../../../platform/db/index.ts';
import type { Services } from '../../../platform/http/context.ts';
import { hashToken, randomToken } from '../../../platform/http/security.ts';
import {
  addDays,
  localToInstant,
  timeToMinutes,
  todayLocal,
  weekStart,
} from '../../../platform/time/index.ts';
import { getAreaByKey } from '../../areas/index.ts';
import {
  bookingRequests,
  bookings,
  closures,
  houses,
  type OpeningHours,
  rooms,
  type Tariff,
} from '../db/schema.ts';
import type { Category } from '../domain/categories.ts';
import { quoteFee } from '../domain/fees.ts';
import { buildRrule, expandPattern, type Repeat } from '../domain/recurrence.ts';
import { retentionUntilFor } from '../domain/retention.ts';
import { roomRates } from './booking.ts';
import { groupKeySalt, saltedGroupKey } from './privacy.ts';

const WEEKDAY_HOURS: OpeningHours = {
  '1': [['09:00', '22:00']],
  '2': [['09:00', '22:00']],
  '3': [['09:00', '22:00']],
  '4': [['09:00', '22:00']],
  '5': [['09:00', '22:00']],
  '6': [['10:00', '22:00']],
  '7': [['14:00', '20:00']],
};

const RULES =
  'Bitte hinterlassen Sie den Raum so, wie Sie ihn vorgefunden haben. Ab 22 Uhr ist Nachtruhe. Kein Alkoholausschank ohne Absprache. Rauchen nur im Hof.';

interface DemoSlot {
  room: string;
  group: string;
  email: string;
  category: Category;
  participants: number;
  tariff: Tariff;
  /** Weekday offset from Monday (0 = Monday). */
  weekday: number;
  start: string;
  end: string;
  repeat: Repeat;
  /** Weeks from the current week's Monday (negative = in the past). */
  fromWeek: number;
  weeks: number;
  status: 'approved' | 'pending';
  purpose: string;
}

const SLOTS: DemoSlot[] = [
  {
    room: 'saal',
    group: 'Stadtteilchor Beispielkiez',
    email: 'chor@example.org',
    category: 'culture',
    participants: 30,
    tariff: 'nonprofit',
    weekday: 1,
    start: '18:00',
    end: '20:00',
    repeat: 'weekly',
    fromWeek: -26,
    weeks: 40,
    status: 'approved',
    purpose: 'Chorprobe',
  },
  {
    room: 'seminar',
    group: 'Sprachcafé Deutsch',
    email: 'sprachcafe@example.org',
    category: 'education',
    participants: 14,
    tariff: 'nonprofit',
    weekday: 2,
    start: '10:00',
    end: '12:00',
    repeat: 'weekly',
    fromWeek: -26,
    weeks: 40,
    status: 'approved',
    purpose: 'Deutsch üben im Gespräch',
  },
  {
    room: 'cafe',
    group: 'Seniorentreff',
    email: 'senioren@example.org',
    category: 'seniors',
    participants: 12,
    tariff: 'nonprofit',
    weekday: 2,
    start: '14:00',
    end: '16:00',
    repeat: 'weekly',
    fromWeek: -26,
    weeks: 40,
    status: 'approved',
    purpose: 'Kaffee und Gespräche',
  },
  {
    room: 'bewegung',
    group: 'Yoga für alle',
    email: 'yoga@example.org',
    category: 'health_sport',
    participants: 15,
    tariff: 'standard',
    weekday: 3,
    start: '19:00',
    end: '20:30',
    repeat: 'weekly',
    fromWeek: -24,
    weeks: 36,
    status: 'approved',
    purpose: 'Yoga-Kurs',
  },
  {
    room: 'werkraum',
    group: 'Jugendtreff Werkstatt',
    email: 'jugend@example.org',
    category: 'youth',
    participants: 10,
    tariff: 'nonprofit',
    weekday: 4,
    start: '16:00',
    end: '19:00',
    repeat: 'weekly',
    fromWeek: -26,
    weeks: 40,
    status: 'approved',
    purpose: 'Offene Werkstatt für Jugendliche',
  },
  {
    room: 'seminar',
    group: 'Mieterberatung',
    email: 'beratung@example.org',
    category: 'counselling',
    participants: 6,
    tariff: 'nonprofit',
    weekday: 0,
    start: '16:00',
    end: '18:00',
    repeat: 'biweekly',
    fromWeek: -26,
    weeks: 40,
    status: 'approved',
    purpose: 'Beratung zu Mietfragen',
  },
  {
    room: 'saal',
    group: 'Nachbarschaftsrat',
    email: 'rat@example.org',
    category: 'civic',
    participants: 25,
    tariff: 'nonprofit',
    weekday: 3,
    start: '18:30',
    end: '21:00',
    repeat: 'none',
    fromWeek: 1,
    weeks: 1,
    status: 'approved',
    purpose: 'Öffentliche Sitzung',
  },
  {
    room: 'cafe',
    group: '',
    email: 'geburtstag@example.org',
    category: 'celebration',
    participants: 20,
    tariff: 'resident',
    weekday: 5,
    start: '14:00',
    end: '19:00',
    repeat: 'none',
    fromWeek: 1,
    weeks: 1,
    status: 'pending',
    purpose: 'Geburtstagsfeier',
  },
  {
    room: 'bewegung',
    group: 'Eltern-Kind-Gruppe',
    email: 'eltern@example.org',
    category: 'children_family',
    participants: 16,
    tariff: 'nonprofit',
    weekday: 4,
    start: '10:00',
    end: '11:30',
    repeat: 'weekly',
    fromWeek: 2,
    weeks: 12,
    status: 'pending',
    purpose: 'Krabbelgruppe',
  },
];

/**
 * Three clearly fictional houses in the demo programme area: two bookable houses with rooms, fees,
 * opening hours, a closure, standing slots and open requests, and one co-operative's room listed
 * with a link to its own booking. Idempotent; writes rows directly (no mails go out).
 */
export async function seedDemoHouses(services: Services, tenantId: string): Promise<void> {
  const db = services.db;
  const [exists] = await db
    .select({ id: houses.id })
    .from(houses)
    .where(and(ofTenant(houses, tenantId), eq(houses.slug, 'beispielstrasse')))
    .limit(1);
  if (exists) return;
  const area = await getAreaByKey(db, tenantId, 'programme', 'QM-DEMO-1');
  const areaId = area?.id ?? null;
  const h1 = newId();
  const h2 = newId();
  const h3 = newId();
  const monday = weekStart(todayLocal());
  const salt = await groupKeySalt(db, tenantId);

  await db.transaction(async (tx) => {
    await tx.insert(houses).values([
      {
        tenantId,
        id: h1,
        slug: 'beispielstrasse',
        name: 'Nachbarschaftshaus Beispielstraße',
        areaId,
        street: 'Beispielstraße 1',
        postcode: '13359',
        city: 'Berlin',
        description:
          'Ein offenes Haus für alle im Kiez: Saal, Seminarraum, Café, Werkraum und Bewegungsraum. (Demo-Daten, fiktiv.)',
        openingHours: WEEKDAY_HOURS,
        houseRules: RULES,
        contactName: 'Hausteam (Demo)',
        contactEmail: 'haus-beispielstrasse@example.org',
        contactPhone: '030 0000000',
        keyHandover: 'Schlüssel am Vortag 16–18 Uhr im Büro, Rückgabe in den Briefkasten.',
      },
      {
        tenantId,
        id: h2,
        slug: 'musterplatz',
        name: 'Gemeinschaftshaus Am Musterplatz',
        areaId,
        street: 'Am Musterplatz 5',
        postcode: '13359',
        city: 'Berlin',
        description: 'Kleines Gemeinschaftshaus mit Treffpunkt und Küche. (Demo-Daten, fiktiv.)',
        openingHours: {
          '1': [['10:00', '20:00']],
          '3': [['10:00', '20:00']],
          '5': [['10:00', '22:00']],
          '6': [['10:00', '18:00']],
        },
        houseRules: RULES,
        contactName: 'Quartiersbüro (Demo)',
        contactEmail: 'musterplatz@example.org',
        keyHandover: 'Schlüsselübergabe nach Absprache.',
      },
      {
        tenantId,
        id: h3,
        slug: 'genossenschaft-musterhof',
        name: 'Gemeinschaftsraum Musterhof (Genossenschaft)',
        kind: 'partner',
        areaId,
        ownerName: 'Wohnungsgenossenschaft Musterhof eG (fiktiv)',
        externalBookingUrl: 'https://example.org/musterhof/raum',
        street: 'Musterhof 3',
        postcode: '13359',
        city: 'Berlin',
        description:
          'Gemeinschaftsraum einer Genossenschaft, für Nachbarinnen und Nachbarn offen. Gebucht wird direkt bei der Genossenschaft. (Demo-Daten, fiktiv.)',
        openingHours: { '2': [['16:00', '21:00']], '4': [['16:00', '21:00']] },
      },
    ]);
    const roomDefs = [
      {
        key: 'saal',
        houseId: h1,
        name: 'Großer Saal',
        capacity: 80,
        sizeSqm: 120,
        equipment: ['Bühne', 'Beamer', 'Tonanlage', 'Stühle und Tische'],
        stepFree: true,
        hour: 3000,
        half: 10000,
        day: 20000,
        buffer: 30,
        cats: [] as string[],
      },
      {
        key: 'seminar',
        houseId: h1,
        name: 'Seminarraum',
        capacity: 20,
        sizeSqm: 40,
        equipment: ['Whiteboard', 'Bildschirm', 'WLAN'],
        stepFree: true,
        hour: 1500,
        half: 5000,
        day: 9000,
        buffer: 15,
        cats: [],
      },
      {
        key: 'cafe',
        houseId: h1,
        name: 'Café mit Küche',
        capacity: 30,
        sizeSqm: 55,
        equipment: ['Küche', 'Geschirr für 40', 'Kaffeemaschine'],
        stepFree: true,
        hour: 2000,
        half: 7000,
        day: 12000,
        buffer: 30,
        cats: [],
      },
      {
        key: 'werkraum',
        houseId: h1,
        name: 'Werkraum',
        capacity: 12,
        sizeSqm: 35,
        equipment: ['Werkbänke', 'Nähmaschinen'],
        stepFree: false,
        hour: 1000,
        half: 3500,
        day: null,
        buffer: 15,
        cats: ['youth', 'education', 'children_family', 'neighbourhood', 'other'],
      },
      {
        key: 'bewegung',
        houseId: h1,
        name: 'Bewegungsraum',
        capacity: 25,
        sizeSqm: 60,
        equipment: ['Matten', 'Spiegel', 'Musikanlage'],
        stepFree: true,
        hour: 1500,
        half: 5000,
        day: null,
        buffer: 15,
        cats: ['health_sport', 'children_family', 'youth', 'seniors', 'culture'],
      },
      {
        key: 'treff',
        houseId: h2,
        name: 'Treffpunkt',
        capacity: 25,
        sizeSqm: 45,
        equipment: ['Tische', 'Beamer'],
        stepFree: true,
        hour: 1200,
        half: 4000,
        day: 7000,
        buffer: 15,
        cats: [],
      },
      {
        key: 'kueche',
        houseId: h2,
        name: 'Gemeinschaftsküche',
        capacity: 10,
        sizeSqm: 25,
        equipment: ['Küche', 'Backofen'],
        stepFree: true,
        hour: 1000,
        half: null,
        day: null,
        buffer: 30,
        cats: [],
      },
      {
        key: 'raum',
        houseId: h3,
        name: 'Gemeinschaftsraum',
        capacity: 30,
        sizeSqm: 50,
        equipment: ['Küche', 'Tische'],
        stepFree: true,
        hour: null,
        half: null,
        day: null,
        buffer: 0,
        cats: [],
      },
    ];
    const roomIds = new Map<string, string>();
    await tx.insert(rooms).values(
      roomDefs.map((r, i) => {
        const id = newId();
        roomIds.set(r.key, id);
        return {
          tenantId,
          id,
          houseId: r.houseId,
          slug: r.key,
          name: r.name,
          capacity: r.capacity,
          sizeSqm: r.sizeSqm,
          equipment: r.equipment,
          stepFree: r.stepFree,
          accessibility: r.stepFree
            ? 'Stufenloser Zugang, barrierefreies WC im Erdgeschoss.'
            : 'Zugang über eine Stufe (15 cm); barrierefreies WC im Erdgeschoss.',
          allowedCategories: r.cats,
          feeHourCents: r.hour,
          feeHalfDayCents: r.half,
          feeDayCents: r.day,
          nonprofitReductionPct: 50,
          residentReductionPct: 25,
          bufferMinutes: r.buffer,
          sort: i,
        };
      }),
    );
    // A maintenance closure of the big hall three weeks ahead (Monday to Wednesday).
    const closureStart = addDays(monday, 21);
    await tx.insert(closures).values({
      tenantId,
      id: newId(),
      houseId: h1,
      roomId: roomIds.get('saal')!,
      kind: 'maintenance',
      startsAt: localToInstant(closureStart, '00:00'),
      endsAt: localToInstant(addDays(closureStart, 2), '24:00'),
      reason: 'Boden wird erneuert',
    });

    const byRoom = new Map(roomDefs.map((r) => [r.key, r]));
    for (const s of SLOTS) {
      const def = byRoom.get(s.room)!;
      const roomId = roomIds.get(s.room)!;
      const date = addDays(monday, s.fromWeek * 7 + s.weekday);
      const until = s.repeat === 'none' ? null : addDays(date, (s.weeks - 1) * 7);
      const pattern = { date, start: s.start, end: s.end, repeat: s.repeat, until };
      // Dates in the closure are left out as exceptions, as staff would do.
      const all = expandPattern(pattern, 200);
      const closed = all
        .filter((o) => s.room === 'saal' && o.date >= closureStart && o.date <= addDays(closureStart, 2))
        .map((o) => o.date);
      const occ = all.filter((o) => !closed.includes(o.date));
      const quote = quoteFee(
        roomRates({
          feeHourCents: def.hour,
          feeHalfDayCents: def.half,
          feeDayCents: def.day,
          nonprofitReductionPct: 50,
          residentReductionPct: 25,
        } as never),
        s.tariff,
        timeToMinutes(s.end) - timeToMinutes(s.start),
      );
      const requestId = newId();
      const email = s.email;
      await tx.insert(bookingRequests).values({
        tenantId,
        id: requestId,
        houseId: def.houseId,
        roomId,
        status: s.status,
        source: 'staff',
        requesterName: s.group ? `Ansprechperson ${s.group}` : 'Familie Beispiel',
        requesterEmail: email,
        organisation: s.group,
        groupKey: saltedGroupKey(salt, s.group, email),
        purpose: s.purpose,
        category: s.category,
        participants: s.participants,
        tariff: s.tariff,
        startsAt: localToInstant(date, s.start),
        endsAt: localToInstant(date, s.end),
        rrule: buildRrule(pattern),
        repeatUntil: until,
        exceptions: closed,
        retentionUntil: retentionUntilFor(until ?? date),
        feeCents: quote.cents * occ.length,
        paymentStatus: s.status === 'approved' && s.fromWeek < 0 ? 'paid' : 'open',
        cancelTokenHash: hashToken(randomToken(24)),
        decidedAt: s.status === 'approved' ? new Date() : null,
      });
      if (s.status === 'approved') {
        await tx.insert(bookings).values(
          occ.map((o) => ({
            tenantId,
            id: newId(),
            houseId: def.houseId,
            roomId,
            requestId,
            startsAt: o.startsAt,
            endsAt: o.endsAt,
            blockedUntil: new Date(o.endsAt.getTime() + def.buffer * 60_000),
            category: s.category,
            groupKey: saltedGroupKey(salt, s.group, email),
            title: s.group || 'Privat',
            participants: s.participants,
            feeCents: quote.cents,
          })),
        );
      }
    }
  });
}
