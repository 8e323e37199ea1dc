/**
 * Demo content of the funds module in the demo programme area (QM-DEMO-1): the Aktionsfonds Soldiner
 * Kiez with 10,000 € for this year, decided by the demo Aktionsfondsjury of the councils seed, with an
 * application in every state from draft to closed — made through the module's use cases, so every
 * rule holds (grants are votes of the jury in its last session, committed in the ledger).
 * Idempotent; dates are relative to today.
 */
import { systemActor } from '../../platform/authz.ts';
import type { Services } from '../../platform/http/context.ts';
import { addDays, todayLocal } from '../../platform/time/index.ts';
import { getAreaByKey } from '../areas/index.ts';
import { listBodiesFor, meetingFor, meetingsFor } from '../councils/index.ts';
import { AKTIONSFONDS_BUDGET_CENTS } from './domain/rules.ts';
import { listFunds } from './queries.ts';
import type { ApplicationInput } from './schemas.ts';
import {
  createApplication,
  startApplication,
  submitApplication,
  submitApplicationByToken,
  withdrawApplicationByToken,
} from './use-cases/applications.ts';
import { recordDecision } from './use-cases/decide.ts';
import { createFund, setYearBudget } from './use-cases/funds.ts';
import { bookEntry, closeApplication, settleApplication } from './use-cases/ledger.ts';
import { checkEligibility, putOnAgenda, requestChanges } from './use-cases/review.ts';

const FUND_NAME = 'Aktionsfonds Soldiner Kiez';
const JURY_SLUG = 'aktionsfondsjury-soldiner-kiez';

export async function seedDemoFunds(services: Services, tenantId: string): Promise<void> {
  const db = services.db;
  const sys = systemActor(tenantId);
  const area = await getAreaByKey(db, tenantId, 'programme', 'QM-DEMO-1');
  if (!area || (await listFunds(db, tenantId, null)).some((f) => f.name === FUND_NAME)) return;
  const jury = (await listBodiesFor(sys, db, { kind: 'aktionsfondsjury' })).find((b) => b.slug === JURY_SLUG);
  const today = todayLocal();
  const fund = await createFund(sys, db, {
    name: FUND_NAME,
    kind: 'action',
    areaId: area.id,
    decidingBodyId: jury?.id ?? null,
    fundingSource: 'Bund-Länder-Programm Sozialer Zusammenhalt',
    programme: 'Quartiersmanagement Berlin',
    goals: 'Nachbarschaftliche Kontakte stärken\nBewohnerinnen und Bewohner aktivieren\nSelbsthilfe fördern',
    criteria: ['Nutzen für den Kiez', 'Aktivierung', 'Selbsthilfe', 'Nachbarschaft', 'Kiezkultur', 'Klima'],
    targetGroups: ['Kinder und Jugendliche', 'Familien', 'Ältere Menschen', 'Nachbarschaft'],
  });
  await setYearBudget(sys, db, fund.id, {
    year: Number(today.slice(0, 4)),
    budgetCents: AKTIONSFONDS_BUDGET_CENTS,
    reason: 'Jahresbudget laut Zuwendungsbescheid',
  });

  const input = (title: string, euros: number, over: Partial<ApplicationInput> = {}): ApplicationInput => ({
    applicantKind: 'group',
    applicantName: 'Initiative (Demo)',
    groupName: `${title} (Demo)`,
    email: 'initiative@example.org',
    title,
    description: `${title}: ein Vorhaben von Nachbarinnen und Nachbarn im Soldiner Kiez (Demo).`,
    startsOn: addDays(today, 45),
    endsOn: addDays(today, 46),
    targetGroups: ['Nachbarschaft'],
    expectedParticipants: 40,
    criteria: ['Nachbarschaft'],
    costLines: [
      { item: 'Material', costKind: 'material', amountCents: Math.round(euros * 70) },
      { item: 'Druck von Einladungen', costKind: 'material', amountCents: Math.round(euros * 30) },
    ],
    volunteerHours: Math.ceil(euros / 100),
    ...over,
  });
  const entered = async (title: string, euros: number, over: Partial<ApplicationInput> = {}) =>
    createApplication(sys, db, fund.id, input(title, euros, over));
  const submitted = async (title: string, euros: number, over: Partial<ApplicationInput> = {}) =>
    submitApplication(sys, db, (await entered(title, euros, over)).id);
  const inReview = async (title: string, euros: number, over: Partial<ApplicationInput> = {}) => {
    const app = await submitted(title, euros, over);
    await checkEligibility(sys, db, app.id, {});
    return app;
  };

  // Draft: started by an applicant through the private link; one submitted that way.
  await startApplication(db, tenantId, fund.id, input('Kiezflohmarkt', 400));
  const { token } = await startApplication(db, tenantId, fund.id, input('Bücherzelle am Spielplatz', 900));
  await submitApplicationByToken(db, tenantId, token);
  await inReview('Nachbarschaftsfrühstück', 350);
  const { token: withdrawn } = await startApplication(db, tenantId, fund.id, input('Kinderflohmarkt', 250));
  await submitApplicationByToken(db, tenantId, withdrawn);
  await withdrawApplicationByToken(db, tenantId, withdrawn);
  const changes = await inReview('Graffiti-Workshop', 1_200, {
    costLines: [
      { item: 'Sprühdosen und Schutzkleidung', costKind: 'material', amountCents: 60_000 },
      { item: 'Honorar Künstler', costKind: 'fee', amountCents: 60_000 },
    ],
  });
  await requestChanges(sys, db, changes.id, {
    note: 'Honorare sind aus dem Aktionsfonds nicht förderfähig: bitte den Kostenplan auf Sachkosten beschränken.',
  });

  if (!jury) return;
  const meetings = await meetingsFor(sys, db, jury.id);
  const lastHeld = meetings.filter((m) => m.status === 'held').at(-1);
  // On the agenda of the next session the application can still reach.
  const next = await inReview('Laternenbasteln in der Kita', 300);
  await putOnAgenda(sys, db, next.id, {}).catch(() => undefined);
  if (!lastHeld) return;

  /** On the agenda of the jury's last session and decided there by the members present. */
  const decide = async (title: string, euros: number, grantedEuros: number | null) => {
    const app = await inReview(title, euros);
    const placed = await putOnAgenda(sys, db, app.id, { meetingId: lastHeld.id });
    const item = (await meetingFor(sys, db, lastHeld.id)).items.find((i) => i.id === placed.agendaItemId);
    const present = item?.quorum?.present.length ?? 0;
    if (present === 0) return null;
    const granted = grantedEuros !== null;
    return (
      await recordDecision(sys, db, app.id, {
        outcome: granted ? 'granted' : 'refused',
        grantedCents: granted ? grantedEuros * 100 : null,
        conditions: granted ? 'Belege bis vier Wochen nach dem Ende des Vorhabens einreichen.' : '',
        refusalReasons: granted ? '' : 'Das Vorhaben richtet sich nicht an die Nachbarschaft im Gebiet.',
        vote: {
          kind: 'open',
          subject: title,
          counts: granted ? { yes: present, no: 0, abstain: 0 } : { yes: 0, no: present, abstain: 0 },
          resolution: granted ? `Die Jury bewilligt ${grantedEuros} €.` : 'Die Jury lehnt den Antrag ab.',
        },
      })
    ).application;
  };
  await decide('Hoffest Koloniestraße', 480, 480);
  await decide('Vereinsausflug', 1_000, null);
  const advance = await decide('Nähcafé: Stoffe und Garn', 320, 300);
  if (advance)
    await bookEntry(sys, db, advance.id, { kind: 'payment', amountCents: 15_000, paymentKind: 'advance' });
  const settled = await decide('Kiezputz mit Grillen', 200, 200);
  if (settled) {
    await bookEntry(sys, db, settled.id, {
      kind: 'payment',
      amountCents: 20_000,
      paymentKind: 'reimbursement',
    });
    await settleApplication(sys, db, settled.id, {
      actualParticipants: 35,
      note: 'Belege und Sachbericht liegen vor.',
    });
  }
  const closed = await decide('Gärtnern im Hinterhof', 540, 540);
  if (closed) {
    await bookEntry(sys, db, closed.id, { kind: 'payment', amountCents: 54_000, paymentKind: 'advance' });
    await bookEntry(sys, db, closed.id, {
      kind: 'return',
      amountCents: 4_000,
      note: 'Nicht verbrauchte Mittel',
    });
    await bookEntry(sys, db, closed.id, {
      kind: 'correction',
      amountCents: -4_000,
      note: 'Weniger ausgegeben',
    });
    await settleApplication(sys, db, closed.id, { actualParticipants: 22 });
    await closeApplication(sys, db, closed.id);
  }
}
