/**
 * Every use case that takes the acting member (`Actor`) refuses members who lack the permission —
 * before anything is written. Called with a jury member (no permission in these modules) and with a
 * team member of another area (the permission, but not for this area), each write use case must
 * throw AppError 403 (404 where the record does not exist for that member) and leave every table
 * of the database as it was. The lists are per module; a guard fails when a module exports a use
 * case that takes an Actor but has no entry here, so a new use case cannot skip this test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMemberships, principalFor } from '../src/modules/access/index.ts';
import * as admin from '../src/modules/admin/index.ts';
import * as areas from '../src/modules/areas/index.ts';
import * as coordination from '../src/modules/coordination/index.ts';
import * as councils from '../src/modules/councils/index.ts';
import * as events from '../src/modules/events/index.ts';
import { eventInput, eventsFixture } from '../src/modules/events/test/fixtures.ts';
import { createEvent } from '../src/modules/events/use-cases/events.ts';
import * as funds from '../src/modules/funds/index.ts';
import * as help from '../src/modules/help/index.ts';
import * as houses from '../src/modules/houses/index.ts';
import { bookingsOfRequest } from '../src/modules/houses/queries.ts';
import { futureWeekday, makeHouse, requestForm } from '../src/modules/houses/test-helpers.ts';
import { prepareRequest, readInput, submitRequest } from '../src/modules/houses/use-cases/booking.ts';
import {
  houseToForm,
  roomToForm,
  validateHouse,
  validateRoom,
} from '../src/modules/houses/use-cases/manage.ts';
import * as identity from '../src/modules/identity/index.ts';
import * as impact from '../src/modules/impact/index.ts';
import * as network from '../src/modules/network/index.ts';
import * as newsletters from '../src/modules/newsletters/index.ts';
import { signUp } from '../src/modules/newsletters/use-cases/subscribers.ts';
import * as profiles from '../src/modules/profiles/index.ts';
import * as tenancy from '../src/modules/tenancy/index.ts';
import * as volunteering from '../src/modules/volunteering/index.ts';
import * as website from '../src/modules/website/index.ts';
import { type Actor, systemActor } from '../src/platform/authz.ts';
import { rows } from '../src/platform/db/index.ts';
import type { Services } from '../src/platform/http/context.ts';
import { AppError } from '../src/platform/http/errors.ts';
import { queueMail } from '../src/platform/mail/index.ts';
import { addDays, todayLocal } from '../src/platform/time/index.ts';
import { createTestContext, makeUser, type TestContext } from '../src/test/kit.ts';

const SRC = fileURLToPath(new URL('../src/modules/', import.meta.url));

let ctx: TestContext;
let services: Services;
let fx: Awaited<ReturnType<typeof eventsFixture>>;
/** Who is refused: a jury member (no permission here) and a team member of area B (not area A). */
const actors: Record<'jury' | 'teamB', Actor> = {} as never;
/** Records in area A (made by the system actor) that the refused calls aim at. */
const ids = {
  event: '',
  draft: '',
  pending: '',
  source: '',
  post: '',
  page: '',
  issue: '',
  subscriber: '',
  organisation: '',
  venue: '',
  series: '',
  slot: '',
  extra: '',
  concern: '',
  outreach: '',
  house: '',
  hall: '',
  seminar: '',
  closure: '',
  photo: '',
  membership: '',
  provider: '',
  request: '',
  approved: '',
  booking: '',
  mail: '',
  body: '',
  councilMember: '',
  meeting: '',
  agendaItem: '',
  itemFile: '',
  vote: '',
  circulation: '',
  fund: '',
  fundYear: '',
  parentYear: '',
  childFund: '',
  appDraft: '',
  appSubmitted: '',
  appReview: '',
  appAgenda: '',
  appGranted: '',
  appPaid: '',
  helpService: '',
  helpProposal: '',
  helpKiosk: '',
  department: '',
  department2: '',
  need: '',
  routing: '',
  plan: '',
  planField: '',
  planGoal: '',
  planIndicator: '',
  planMeasure: '',
  planMilestone: '',
  budget: '',
  resolvedItem: '',
  volNeed: '',
  volVolunteer: '',
  volVolunteer2: '',
  volMatch: '',
  volCertificate: '',
  volInitiative: '',
  impactActivity: '',
  impactReport: '',
};

type Refused = 'jury' | 'teamB';
interface Case {
  /** Calls the use case as `a`, with arguments that would succeed for a member allowed to do it. */
  call: (a: Actor) => Promise<unknown>;
  /** Who must be refused (default: both). Lists that narrow to one's areas refuse only the jury. */
  refused?: Refused[];
  /** The record does not exist for a member of another area: 404 is their refusal (else 403). */
  hidden?: boolean;
}

/**
 * Use cases that change something (or read personal data and write the audit entry for that):
 * refused, and nothing written.
 */
const WRITES: Record<string, Record<string, Case>> = {
  events: {
    createStaffEvent: {
      call: (a) => events.createStaffEvent(a, services.db, eventInput({ areaId: fx.qmA }), { publish: true }),
    },
    saveStaffEvent: {
      call: (a) =>
        events.saveStaffEvent(a, services, tenant(), ids.event, eventInput({ areaId: fx.qmA, title: 'Neu' })),
      hidden: true,
    },
    publishStaffEvent: {
      call: (a) => events.publishStaffEvent(a, services, tenant(), ids.draft),
      hidden: true,
    },
    cancelStaffEvent: {
      call: (a) =>
        events.cancelStaffEvent(a, services, tenant(), ids.event, {
          cancelled: true,
          reason: 'x',
          notify: true,
        }),
      hidden: true,
    },
    deleteStaffEvent: { call: (a) => events.deleteStaffEvent(a, services, ids.event), hidden: true },
    decideEvent: {
      call: (a) => events.decideEvent(a, services, tenant(), ids.pending, { decision: 'accept', note: '' }),
      hidden: true,
    },
    decideEvents: {
      call: (a) =>
        events.decideEvents(a, services, tenant(), [ids.pending], { decision: 'accept', note: '' }),
      hidden: true,
    },
    // Undo of one's own decision: refused before it looks whether there is one to undo.
    undoDecisions: { call: (a) => events.undoDecisions(a, services, tenant(), [ids.pending]), hidden: true },
    registrationsFor: { call: (a) => events.registrationsFor(a, services.db, ids.event), hidden: true },
    // A public submission's submitter is shown (moderation page, staff page, API): the look is audited.
    submissionFor: { call: (a) => events.submissionFor(a, services.db, ids.pending), hidden: true },
    eventDetailFor: { call: (a) => events.eventDetailFor(a, services.db, ids.pending, 'api'), hidden: true },
    cancelRegistrationByStaff: {
      call: (a) =>
        events.cancelRegistrationByStaff(
          a,
          services,
          tenant(),
          ids.event,
          '00000000-0000-7000-8000-000000000001',
        ),
      hidden: true,
    },
    saveAttendance: {
      call: (a) =>
        events.saveAttendance(a, services.db, ids.event, {
          date: eventInput().startsAt.toISOString().slice(0, 10),
          total: 12,
          byAge: {},
          byGender: {},
          note: '',
        }),
      hidden: true,
    },
    saveEventResults: {
      call: (a) => events.saveEventResults(a, services.db, ids.event, 'Ergebnis', true),
      hidden: true,
    },
    addEventResultFile: {
      call: (a) =>
        events.addEventResultFile(a, services, ids.event, {
          title: 'Protokoll',
          filename: 'protokoll.pdf',
          type: 'application/pdf',
          bytes: new TextEncoder().encode('%PDF-1.4\n%%EOF\n'),
        }),
      hidden: true,
    },
    removeEventResultFile: {
      call: (a) =>
        events.removeEventResultFile(a, services, ids.event, '00000000-0000-7000-8000-000000000002'),
      hidden: true,
    },
    saveEventSettings: {
      call: (a) =>
        events.saveEventSettings(a, services.db, { criteria: { de: 'Kriterien' }, notifyEmail: '' }),
    },
    addEventCategory: { call: (a) => events.addEventCategory(a, services.db, { name: 'Garten' }) },
    removeEventCategory: { call: (a) => events.removeEventCategory(a, services.db, fx.sport.id) },
    createImportSource: { call: (a) => events.createImportSource(a, services, sourceInput('Neu')) },
    updateImportSource: {
      call: (a) => events.updateImportSource(a, services, ids.source, sourceInput('Umbenannt')),
    },
    deleteImportSource: { call: (a) => events.deleteImportSource(a, services.db, ids.source) },
    runImportFor: {
      call: (a) =>
        events.runImportFor(a, services, ids.source, {
          trigger: 'file',
          bytes: new TextEncoder().encode('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n'),
          fileName: 'x.ics',
        }),
    },
  },
  website: {
    createPost: {
      call: (a) => website.createPost(a, services.db, { areaId: fx.qmA, slug: '', topics: [] }, text('Neu')),
    },
    updatePost: {
      call: (a) =>
        website.updatePost(
          a,
          services.db,
          services.config.storageDir,
          ids.post,
          { areaId: fx.qmA, slug: '', topics: [] },
          text('Geändert'),
        ),
    },
    setPostStatus: { call: (a) => website.setPostStatus(a, services.db, ids.post, true) },
    deleteText: { call: (a) => website.deleteText(a, services.db, 'post', ids.post, 'en') },
    deletePost: { call: (a) => website.deletePost(a, services.db, services.config.storageDir, ids.post) },
    createPage: {
      call: (a) =>
        website.createPage(a, services.db, { areaId: fx.qmA, slug: '', kind: 'page', sort: 0 }, text('Neu')),
    },
    updatePage: {
      call: (a) =>
        website.updatePage(
          a,
          services.db,
          ids.page,
          { areaId: fx.qmA, slug: '', kind: 'page', sort: 0 },
          text('Geändert'),
        ),
    },
    setPagePublished: { call: (a) => website.setPagePublished(a, services.db, ids.page, true) },
    deletePage: { call: (a) => website.deletePage(a, services.db, ids.page) },
  },
  newsletters: {
    createIssue: { call: (a) => newsletters.createIssue(a, services.db, issueInput('Neu')) },
    updateIssue: { call: (a) => newsletters.updateIssue(a, services.db, ids.issue, issueInput('Geändert')) },
    deleteIssue: { call: (a) => newsletters.deleteIssue(a, services.db, ids.issue) },
    queueIssue: { call: (a) => newsletters.queueIssue(a, services, tenant(), ids.issue) },
    sendTestIssue: {
      call: (a) => newsletters.sendTestIssue(a, services, tenant(), ids.issue, 'test@example.org'),
    },
    reportBounces: {
      call: (a) => newsletters.reportBounces(a, services.db, ['leser@example.org'], 'reported'),
    },
    eraseSubscriber: { call: (a) => newsletters.eraseSubscriber(a, services.db, ids.subscriber) },
    uploadBounces: {
      call: (a) => newsletters.uploadBounces(a, services.db, new TextEncoder().encode('From: x\r\n\r\nx')),
    },
    listSubscribers: { call: (a) => newsletters.listSubscribers(a, services.db) },
    listBounces: { call: (a) => newsletters.listBounces(a, services.db) },
  },
  houses: {
    // The list names requesters and is audited; a team member of area B gets B's list.
    listBookingRequestsFor: {
      call: (a) => houses.listBookingRequestsFor(a, services.db, { statuses: [] }),
      refused: ['jury'],
    },
    approveBookingRequest: {
      call: (a) => houses.approveBookingRequest(a, services, tenant(), ids.request, { skipConflicts: true }),
    },
    declineBookingRequest: {
      call: (a) => houses.declineBookingRequest(a, services, tenant(), ids.request, 'Der Saal ist belegt.'),
    },
    proposeBookingTime: {
      call: (a) =>
        houses.proposeBookingTime(a, services, tenant(), ids.request, {
          date: futureWeekday(3, 21),
          start: '10:00',
          end: '12:00',
          message: 'Geht es vormittags?',
        }),
    },
    cancelBookingRequest: {
      call: (a) => houses.cancelBookingRequest(a, services, tenant(), ids.request, 'Abgesagt'),
    },
    setBookingPayment: {
      call: (a) => houses.setBookingPayment(a, services.db, ids.approved, { status: 'paid', note: '' }),
    },
    cancelBookingDate: {
      call: (a) => houses.cancelBookingDate(a, services, tenant(), ids.approved, ids.booking),
    },
    createHouse: { call: (a) => houses.createHouse(a, services.db, houseValues('neues-haus')) },
    updateHouse: { call: (a) => houses.updateHouse(a, services.db, ids.house, houseValues('haus-a')) },
    deleteHouse: { call: (a) => houses.deleteHouse(a, services.db, ids.house) },
    createRoom: { call: (a) => houses.createRoom(a, services.db, ids.house, roomValues('werkstatt')) },
    updateRoom: { call: (a) => houses.updateRoom(a, services.db, ids.house, ids.hall, roomValues('saal')) },
    deleteRoom: { call: (a) => houses.deleteRoom(a, services.db, ids.house, ids.seminar) },
    addHouseClosure: {
      call: (a) =>
        houses.addHouseClosure(a, services.db, ids.house, {
          roomId: null,
          kind: 'holiday',
          startsAt: new Date(Date.now() + 30 * 86_400_000),
          endsAt: new Date(Date.now() + 31 * 86_400_000),
          reason: 'Ferien',
        }),
    },
    removeHouseClosure: { call: (a) => houses.removeHouseClosure(a, services.db, ids.house, ids.closure) },
    addPhoto: {
      call: (a) =>
        houses.addPhoto(a, services.db, services.config.storageDir, ids.house, ids.hall, {
          file: new Blob([new Uint8Array(PNG)]),
          alt: 'Saal von innen',
        }),
    },
    deletePhoto: {
      call: (a) =>
        houses.deletePhoto(a, services.db, services.config.storageDir, ids.house, ids.hall, ids.photo),
    },
    changePhotoAlt: {
      call: (a) => houses.changePhotoAlt(a, services.db, ids.house, ids.hall, ids.photo, 'Neuer Text'),
    },
  },
  network: {
    createDirectoryActor: {
      call: (a) =>
        network.createDirectoryActor(
          a,
          services.db,
          { kind: 'organisation', name: 'Neuer Verein', areaId: fx.qmA },
          { who: { userId: a.userId ?? '' } },
        ),
    },
    updateDirectoryActor: {
      call: (a) =>
        network.updateDirectoryActor(
          a,
          services.db,
          ids.organisation,
          { kind: 'organisation', name: 'Verein A (umbenannt)', areaId: fx.qmA },
          { who: { userId: a.userId ?? '' }, fields: ['name'] },
        ),
      hidden: true,
    },
    recordConcern: {
      call: (a) => network.recordConcern(a, services.db, concernInput('authz-concern-new-0001')),
    },
    updateConcernStatus: {
      call: (a) => network.updateConcernStatus(a, services.db, ids.concern, { status: 'done' }),
      hidden: true,
    },
    createVenue: {
      call: (a) => network.createVenue(a, services.db, { name: 'Neuer Treffpunkt', areaId: fx.qmA }),
    },
    updateVenue: {
      call: (a) =>
        network.updateVenue(a, services.db, ids.venue, { name: 'Treffpunkt A (neu)', areaId: fx.qmA }),
      hidden: true,
    },
    upsertVenue: {
      call: (a) =>
        network.upsertVenue(a, services.db, {
          name: 'Importierter Treffpunkt',
          areaId: fx.qmA,
          sourceKey: 'import:x:1',
        }),
    },
    createSeries: { call: (a) => network.createSeries(a, services.db, seriesInput('Neue Sprechstunde')) },
    updateSeries: {
      call: (a) => network.updateSeries(a, services.db, ids.series, seriesInput('Sprechstunde A (neu)')),
      hidden: true,
    },
    addSlot: {
      call: (a) =>
        network.addSlot(a, services.db, ids.series, {
          venueId: ids.venue,
          rrule: 'FREQ=WEEKLY;BYDAY=TH',
          startTime: '15:00',
          endTime: '17:00',
          startsOn: futureWeekday(4, 7),
        }),
      hidden: true,
    },
    removeSlot: { call: (a) => network.removeSlot(a, services.db, ids.series, ids.slot), hidden: true },
    setException: {
      call: (a) =>
        network.setException(a, services.db, ids.series, {
          slotId: ids.slot,
          date: futureWeekday(2, 14),
          status: 'cancelled',
          note: 'Krankheit',
        }),
      hidden: true,
    },
    clearException: {
      call: (a) => network.clearException(a, services.db, ids.series, ids.slot, futureWeekday(2, 21)),
      hidden: true,
    },
    addExtra: {
      call: (a) =>
        network.addExtra(a, services.db, ids.series, {
          venueId: ids.venue,
          date: futureWeekday(5, 14),
          startTime: '10:00',
          endTime: '11:00',
        }),
      hidden: true,
    },
    cancelExtra: { call: (a) => network.cancelExtra(a, services.db, ids.series, ids.extra), hidden: true },
    saveOutreach: {
      call: (a) => network.saveOutreach(a, services.db, outreachInput('Hoffest (verschoben)'), ids.outreach),
      hidden: true,
    },
  },
  tenancy: {
    saveTenantSettings: {
      call: (a) =>
        tenancy.saveTenantSettings(a, services.db, {
          name: 'Umbenannt',
          imprintDe: 'Impressum',
          imprintEn: '',
          privacyDe: '',
          privacyEn: '',
          contactEmail: '',
          attribution: '',
        }),
    },
  },
  identity: {
    // Managing users is tenant-wide: an area-limited administrator is refused too (test/tenant-level.db.test.ts).
    inviteUser: {
      call: (a) =>
        identity.inviteUser(a, services.db, {
          email: 'neu@example.org',
          role: 'team',
          scopeAreaId: fx.qmA,
          baseUrl: 'http://localhost',
          lang: 'de',
        }),
    },
    removeMember: { call: (a) => identity.removeMember(a, services.db, { membershipId: ids.membership }) },
    changeMemberDepartment: {
      call: (a) =>
        identity.changeMemberDepartment(a, services.db, {
          membershipId: ids.membership,
          department: 'Grünflächenamt',
        }),
    },
    // Sign-in providers are a tenant-level setting: an area-limited administrator is refused too.
    createProvider: {
      call: (a) =>
        identity.createProvider(
          a,
          services.db,
          { name: 'Anderer Login', issuer: 'https://sso.example.org', clientId: 'x', clientSecret: 'y' },
          services.config.outbound,
        ),
    },
    setProviderEnabled: { call: (a) => identity.setProviderEnabled(a, services.db, ids.provider, false) },
  },
  councils: {
    // A carried resolution of jury A becomes a recommendation to the Jugendamt (BODY-3).
    recommendToAdministration: {
      call: (a) =>
        councils.recommendToAdministration(a, services.db, ids.resolvedItem, {
          title: 'Hinweis',
          description: 'Bitte prüfen',
          topic: 'youth',
          departmentIds: [ids.department],
          deadline: todayLocal(),
        }),
      hidden: true,
    },
    createBody: {
      call: (a) =>
        councils.createBody(a, services.db, { name: 'Neues Gremium', kind: 'free', areaId: fx.qmA }),
    },
    updateBody: {
      call: (a) =>
        councils.updateBody(a, services.db, ids.body, {
          name: 'Umbenannt',
          kind: 'aktionsfondsjury',
          areaId: fx.qmA,
        }),
      hidden: true,
    },
    addMember: {
      call: (a) =>
        councils.addMember(a, services.db, ids.body, {
          kind: 'resident',
          name: 'Neu',
          termFrom: '2025-01-01',
        }),
      hidden: true,
    },
    endMemberTerm: {
      call: (a) =>
        councils.endMemberTerm(a, services.db, ids.councilMember, {
          endedOn: '2030-01-01',
          reason: 'term_ended',
        }),
      hidden: true,
    },
    resignMember: {
      call: (a) => councils.resignMember(a, services.db, ids.councilMember, { resignedOn: '2030-01-01' }),
      hidden: true,
    },
    scheduleMeeting: {
      call: (a) =>
        councils.scheduleMeeting(a, services.db, ids.body, {
          startsAt: new Date(Date.now() + 20 * 86_400_000),
        }),
      hidden: true,
    },
    setMeetingStatus: {
      call: (a) => councils.setMeetingStatus(a, services.db, ids.meeting, { status: 'held' }),
      hidden: true,
    },
    addAgendaItem: {
      call: (a) => councils.addAgendaItem(a, services.db, ids.meeting, { title: 'Neu', kind: 'discussion' }),
      hidden: true,
    },
    updateAgendaItem: {
      call: (a) =>
        councils.updateAgendaItem(a, services.db, ids.agendaItem, { title: 'Geändert', kind: 'decision' }),
      hidden: true,
    },
    moveAgendaItem: {
      call: (a) => councils.moveAgendaItem(a, services.db, ids.agendaItem, { direction: 'up' }),
      hidden: true,
    },
    removeAgendaItem: {
      call: (a) => councils.removeAgendaItem(a, services.db, ids.agendaItem),
      hidden: true,
    },
    addItemFile: {
      call: (a) =>
        councils.addItemFile(a, services, ids.agendaItem, {
          file: new File([new TextEncoder().encode('%PDF-1.4\n')], 'a.pdf'),
        }),
      hidden: true,
    },
    removeItemFile: { call: (a) => councils.removeItemFile(a, services, ids.itemFile), hidden: true },
    withdrawPaperLink: {
      call: (a) => councils.withdrawPaperLink(a, services.db, ids.meeting, ids.councilMember),
      hidden: true,
    },
    restorePaperLink: {
      call: (a) => councils.restorePaperLink(a, services.db, ids.meeting, ids.councilMember),
      hidden: true,
    },
    withdrawAllPaperLinks: {
      call: (a) => councils.withdrawAllPaperLinks(a, services.db, ids.councilMember),
      hidden: true,
    },
    draftMinutes: { call: (a) => councils.draftMinutes(a, services.db, ids.meeting), hidden: true },
    saveMinutes: {
      call: (a) =>
        councils.saveMinutes(a, services.db, ids.meeting, {
          items: [{ itemId: ids.agendaItem, minutes: 'Aussprache' }],
        }),
      hidden: true,
    },
    circulateMinutes: {
      call: (a) => councils.circulateMinutes(a, services, ids.meeting, 'Mandant'),
      hidden: true,
    },
    sendInvitations: {
      call: (a) => councils.sendInvitations(a, services, ids.meeting, 'Mandant'),
      hidden: true,
    },
    recordAttendance: {
      call: (a) =>
        councils.recordAttendance(a, services.db, ids.meeting, {
          entries: [{ memberId: ids.councilMember, status: 'excused' }],
        }),
      hidden: true,
    },
    declareConflict: {
      call: (a) =>
        councils.declareConflict(a, services.db, {
          agendaItemId: ids.agendaItem,
          memberId: ids.councilMember,
        }),
      hidden: true,
    },
    recordVote: {
      call: (a) =>
        councils.recordVote(a, services.db, ids.agendaItem, {
          kind: 'open',
          counts: { yes: 2, no: 0, abstain: 0 },
        }),
      hidden: true,
    },
    openCirculation: {
      call: (a) =>
        councils.openCirculation(a, services.db, ids.body, {
          title: 'Eilantrag',
          closesAt: new Date(Date.now() + 3 * 86_400_000),
        }),
      hidden: true,
    },
    issueCirculationLink: {
      call: (a) => councils.issueCirculationLink(a, services.db, ids.circulation, ids.councilMember),
      hidden: true,
    },
    castCirculationBallot: {
      call: (a) => councils.castCirculationBallot(a, services.db, ids.circulation, { choice: 'yes' }),
      hidden: true,
    },
    closeCirculation: {
      call: (a) =>
        councils.closeCirculation(a, services.db, ids.circulation, new Date(Date.now() + 4 * 86_400_000)),
      hidden: true,
    },
  },
  areas: {
    editArea: {
      call: (a) =>
        areas.editArea(a, services.db, fx.qmA, { name: 'Umbenannt', description: '', parentId: '' }),
    },
    setAreasPublished: { call: (a) => areas.setAreasPublished(a, services.db, [fx.qmA], true) },
    importAreaBoundaries: {
      call: (a) =>
        areas.importAreaBoundaries(a, services.db, {
          kind: 'free',
          fileName: 'gebiete.geojson',
          content: JSON.stringify({ type: 'FeatureCollection', features: [] }),
          keyProperty: 'key',
          nameProperty: 'name',
        }),
    },
    // The address list serves every area: the whole tenant's permission, like a boundary import.
    importAddresses: {
      call: (a) =>
        areas.importAddresses(
          a,
          services.db,
          Readable.from([
            'hnr,hnr_zusatz,str_name,plz,ort_name,PLR_NAME,PLR_ID\n12,,Soldiner Straße,13359,Gesundbrunnen,Soldiner Straße,01300732\n',
          ]),
        ),
    },
  },
  admin: {
    retryOutboxMail: { call: (a) => admin.retryOutboxMail(a, services, ids.mail) },
    // Reading the outbox (addresses, subjects, texts) writes the audit entry: refused before that.
    listOutboxFor: { call: (a) => admin.listOutboxFor(a, services.db, { limit: 50 }) },
    exportOutboxFor: { call: (a) => admin.exportOutboxFor(a, services.db, {}) },
    outboxMailFor: { call: (a) => admin.outboxMailFor(a, services.db, ids.mail) },
    // Reading a person's data across modules writes the audit entry: refused before that.
    findDataSubject: { call: (a) => admin.findDataSubject(a, services, { email: 'nachbarin@example.org' }) },
    exportDataSubject: {
      call: (a) => admin.exportDataSubject(a, services, { email: 'nachbarin@example.org' }),
    },
    eraseDataSubject: {
      call: (a) => admin.eraseDataSubject(a, services, { email: 'nachbarin@example.org' }),
    },
  },
  coordination: {
    createDepartment: { call: (a) => coordination.createDepartment(a, services.db, { name: 'Neues Amt' }) },
    updateDepartment: {
      call: (a) =>
        coordination.updateDepartment(a, services.db, ids.department, { name: 'Jugendamt', shortName: 'J' }),
    },
    reportNeed: {
      call: (a) =>
        coordination.reportNeed(a, services.db, {
          title: 'Neu',
          description: 'Fehlt',
          areaId: fx.qmA,
          topic: 'youth',
        }),
    },
    routeNeed: {
      call: (a) =>
        coordination.routeNeed(a, services.db, ids.need, {
          routes: [{ departmentId: ids.department2, deadline: todayLocal() }],
        }),
    },
    answerRouting: {
      call: (a) =>
        coordination.answerRouting(a, services.db, ids.routing, { status: 'answered', answer: 'Ja' }),
    },
    escalateNeed: { call: (a) => coordination.escalateNeed(a, services, ids.need, { bodyId: ids.body }) },
    reportRecommendation: {
      call: (a) =>
        coordination.reportRecommendation(a, services.db, {
          bodyId: ids.body,
          agendaItemId: ids.agendaItem,
          voteId: ids.vote,
          bodyName: 'Quartiersrat',
          areaId: fx.qmA,
          title: 'Hinweis',
          description: 'Bitte prüfen',
          topic: 'youth',
          departmentIds: [ids.department],
          deadline: todayLocal(),
        }),
    },
    // Integrated action plans: area A's team and district coordination keep them.
    createPlan: {
      call: (a) =>
        coordination.createPlan(a, services.db, {
          title: 'IHEK',
          areaId: fx.qmA,
          periodFrom: '2027-01-01',
          periodTo: '2028-12-31',
        }),
    },
    updatePlan: {
      call: (a) =>
        coordination.updatePlan(a, services.db, ids.plan, {
          title: 'IHEK neu',
          areaId: fx.qmA,
          periodFrom: '2027-01-01',
          periodTo: '2028-12-31',
        }),
      hidden: true,
    },
    addField: {
      call: (a) => coordination.addField(a, services.db, ids.plan, { name: 'Feld' }),
      hidden: true,
    },
    addGoal: {
      call: (a) => coordination.addGoal(a, services.db, ids.plan, { fieldId: ids.planField, title: 'Ziel' }),
      hidden: true,
    },
    addIndicator: {
      call: (a) =>
        coordination.addIndicator(a, services.db, ids.plan, {
          goalId: ids.planGoal,
          name: 'Plätze',
          baseline: 1,
          target: 2,
        }),
      hidden: true,
    },
    addMeasure: {
      call: (a) =>
        coordination.addMeasure(a, services.db, ids.plan, {
          goalId: ids.planGoal,
          title: 'Maßnahme',
          responsible: 'Verein',
        }),
      hidden: true,
    },
    updateMeasure: {
      call: (a) =>
        coordination.updateMeasure(a, services.db, ids.plan, ids.planMeasure, {
          goalId: ids.planGoal,
          title: 'Geändert',
          responsible: 'Verein',
        }),
      hidden: true,
    },
    setMeasureStatus: {
      call: (a) =>
        coordination.setMeasureStatus(a, services.db, ids.plan, ids.planMeasure, { status: 'running' }),
      hidden: true,
    },
    removePlanPart: {
      call: (a) => coordination.removePlanPart(a, services.db, ids.plan, 'measure', ids.planMeasure),
      hidden: true,
    },
    recordProgress: {
      call: (a) =>
        coordination.recordProgress(a, services.db, ids.plan, ids.planIndicator, {
          measuredOn: todayLocal(),
          value: 1,
        }),
      hidden: true,
    },
    adoptPlan: {
      call: (a) =>
        coordination.adoptPlan(a, services.db, ids.plan, {
          adoptedOn: todayLocal(),
          adoptedBy: 'Quartiersrat',
        }),
      hidden: true,
    },
    openNewVersion: { call: (a) => coordination.openNewVersion(a, services.db, ids.plan), hidden: true },
    updateField: {
      call: (a) => coordination.updateField(a, services.db, ids.plan, ids.planField, { name: 'Feld neu' }),
      hidden: true,
    },
    updateGoal: {
      call: (a) =>
        coordination.updateGoal(a, services.db, ids.plan, ids.planGoal, {
          fieldId: ids.planField,
          title: 'Neu',
        }),
      hidden: true,
    },
    updateIndicator: {
      call: (a) =>
        coordination.updateIndicator(a, services.db, ids.plan, ids.planIndicator, {
          goalId: ids.planGoal,
          name: 'Plätze neu',
          baseline: 1,
          target: 3,
        }),
      hidden: true,
    },
    addMilestone: {
      call: (a) =>
        coordination.addMilestone(a, services.db, ids.plan, ids.planMeasure, {
          title: 'Meilenstein',
          dueOn: todayLocal(),
        }),
      hidden: true,
    },
    setMilestoneDone: {
      call: (a) =>
        coordination.setMilestoneDone(a, services.db, ids.plan, ids.planMilestone, { doneOn: todayLocal() }),
      hidden: true,
    },
    addStep: {
      call: (a) =>
        coordination.addStep(a, services.db, ids.plan, ids.planMeasure, {
          what: 'Werkstatt',
          takesPlaceOn: todayLocal(),
          withWhom: 'Kinder',
        }),
      hidden: true,
    },
    addBudgetYear: {
      call: (a) =>
        coordination.addBudgetYear(a, services.db, ids.plan, ids.planMeasure, { year: 2027, amount: '100' }),
      hidden: true,
    },
    // Resources per area and the Prüfsteine: district coordination of the whole tenant keeps them.
    saveBudgetLine: {
      call: (a) =>
        coordination.saveBudgetLine(a, services.db, {
          areaId: fx.qmA,
          year: 2026,
          source: 'Schulamt',
          kind: 'regular',
          amount: '10,00',
        }),
    },
    deleteBudgetLine: { call: (a) => coordination.deleteBudgetLine(a, services.db, ids.budget) },
    importBudgets: {
      call: (a) =>
        coordination.importBudgets(
          a,
          services.db,
          new TextEncoder().encode('Gebiet;Jahr;Quelle;Art;Betrag\r\nQM-A;2026;Schulamt;Regelmittel;10'),
        ),
    },
    ratePruefstein: {
      call: (a) =>
        coordination.ratePruefstein(
          a,
          services.db,
          2026,
          1,
          { rating: 2 },
          { slug: fx.tenant.slug, baseUrl: services.config.baseUrl },
        ),
    },
  },
  funds: {
    // The jury reads funds but works on none; a team member of area B finds area A's funds nowhere.
    createFund: {
      call: (a) => funds.createFund(a, services.db, { name: 'Neuer Fonds', kind: 'action', areaId: fx.qmA }),
    },
    updateFund: {
      call: (a) =>
        funds.updateFund(a, services.db, ids.fund, { name: 'Umbenannt', kind: 'action', areaId: fx.qmA }),
      hidden: true,
    },
    // Archiving is managing: the jury reads the fund and is refused, area B's team finds it nowhere.
    archiveFund: {
      call: (a) => funds.archiveFund(a, services.db, ids.fund, { archived: true }),
      hidden: true,
    },
    setYearBudget: {
      call: (a) => funds.setYearBudget(a, services.db, ids.fund, { year: 2031, budgetCents: 100_000 }),
      hidden: true,
    },
    splitBudget: {
      call: (a) =>
        funds.splitBudget(a, services.db, ids.parentYear, {
          shares: [{ fundId: ids.childFund, budgetCents: 1 }],
        }),
      hidden: true,
    },
    createApplication: {
      call: (a) => funds.createApplication(a, services.db, ids.fund, fundApplication('Neu')),
      hidden: true,
    },
    updateApplication: {
      call: (a) => funds.updateApplication(a, services.db, ids.appDraft, fundApplication('Geändert')),
      hidden: true,
    },
    submitApplication: { call: (a) => funds.submitApplication(a, services.db, ids.appDraft), hidden: true },
    withdrawApplication: {
      call: (a) => funds.withdrawApplication(a, services.db, ids.appDraft, { note: 'Zurückgezogen' }),
      hidden: true,
    },
    checkEligibility: {
      call: (a) => funds.checkEligibility(a, services.db, ids.appSubmitted, {}),
      hidden: true,
    },
    requestChanges: {
      call: (a) => funds.requestChanges(a, services.db, ids.appReview, { note: 'Bitte ergänzen' }),
      hidden: true,
    },
    putOnAgenda: {
      call: (a) => funds.putOnAgenda(a, services.db, ids.appReview, { meetingId: ids.meeting }),
      hidden: true,
    },
    recordDecision: {
      call: (a) =>
        funds.recordDecision(a, services.db, ids.appAgenda, {
          outcome: 'granted',
          grantedCents: 50_000,
          vote: { kind: 'open', counts: { yes: 2, no: 0, abstain: 0 } },
        }),
      hidden: true,
    },
    bookEntry: {
      call: (a) =>
        funds.bookEntry(a, services.db, ids.appGranted, {
          kind: 'payment',
          amountCents: 10_000,
          paymentKind: 'advance',
        }),
      hidden: true,
    },
    settleApplication: {
      call: (a) => funds.settleApplication(a, services.db, ids.appPaid, { actualParticipants: 40 }),
      hidden: true,
    },
    closeApplication: { call: (a) => funds.closeApplication(a, services.db, ids.appGranted), hidden: true },
    closeYear: { call: (a) => funds.closeYear(a, services.db, ids.fundYear), hidden: true },
    // Reading an application writes the audit entry for the applicant's data.
    applicationFor: {
      call: (a) => funds.applicationFor(a, services.db, ids.appAgenda),
      refused: ['teamB'],
      hidden: true,
    },
    // The settlement: the jury reads it; deciding on it is processing.
    acceptSettlement: { call: (a) => funds.acceptSettlement(a, services.db, ids.appPaid, {}), hidden: true },
    requestSettlementCorrections: {
      call: (a) => funds.requestSettlementCorrections(a, services.db, ids.appPaid, { note: 'Beleg fehlt' }),
      hidden: true,
    },
    claimBackUnspent: { call: (a) => funds.claimBackUnspent(a, services.db, ids.appPaid, {}), hidden: true },
    settlementFor: {
      call: (a) => funds.settlementFor(a, services.db, ids.appPaid),
      refused: ['teamB'],
      hidden: true,
    },
    settlementFileFor: {
      call: (a) => funds.settlementFileFor(a, services, ids.appPaid, ids.appPaid),
      refused: ['teamB'],
      hidden: true,
    },
  },
  help: {
    // Services are public information: a team member of area B reads A's but changes none (403).
    createService: { call: (a) => help.createService(a, services.db, helpService('Neu')) },
    // A kiosk stands in a house of area A: its team and the coordinators configure it, not B's team.
    saveKiosk: { call: (a) => help.saveKiosk(a, services.db, ids.helpKiosk, kioskInput('Foyer')) },
    deleteKiosk: { call: (a) => help.deleteKiosk(a, services.db, ids.helpKiosk) },
    updateService: {
      call: (a) => help.updateService(a, services.db, ids.helpService, helpService('Geändert')),
    },
    archiveService: { call: (a) => help.archiveService(a, services.db, ids.helpService) },
    markServiceChecked: { call: (a) => help.markServiceChecked(a, services.db, ids.helpService) },
    // The provider's private link and the decision on the change they propose: area A's staff only.
    sendReviewLink: {
      call: (a) =>
        help.sendReviewLink(
          a,
          services.db,
          ids.helpService,
          { email: 'traeger@example.org' },
          { linkOf: (t) => t },
        ),
    },
    decideProposal: {
      call: (a) => help.decideProposal(a, services.db, ids.helpProposal, { decision: 'accepted' }),
    },
    updateSituation: {
      call: (a) => help.updateSituation(a, services.db, 'debt', { label: 'Schulden', terms: [], topics: [] }),
    },
    importBerlinServices: {
      call: (a) =>
        help.importBerlinServices(a, services.db, new TextEncoder().encode('ID;Einrichtung\r\n1;Neu')),
    },
  },
  profiles: {
    // Indicators cover the whole tenant: only tenant-wide managers import and publish, only tenant-wide
    // readers see every indicator and import report; an area's team and the jury are refused.
    importIndicatorFile: {
      call: (a) =>
        profiles.importIndicatorFile(a, services.db, {
          fileName: 'x.csv',
          bytes: new TextEncoder().encode('Gebiet;Indikator;Jahr;Wert\r\nA;einwohner;2021;5'),
        }),
    },
    setIndicatorPublished: {
      call: (a) =>
        profiles.setIndicatorPublished(a, services.db, '00000000-0000-7000-8000-000000000004', true),
    },
    updateIndicator: {
      call: (a) =>
        profiles.updateIndicator(a, services.db, '00000000-0000-7000-8000-000000000004', {
          nameDe: 'Einwohner',
          unit: 'people',
          direction: 'neutral',
          aggregation: 'sum',
        }),
    },
    indicatorsFor: { call: (a) => profiles.indicatorsFor(a, services.db) },
    indicatorFor: {
      call: (a) => profiles.indicatorFor(a, services.db, '00000000-0000-7000-8000-000000000004'),
    },
    importsFor: { call: (a) => profiles.importsFor(a, services.db) },
    importReportFor: {
      call: (a) => profiles.importReportFor(a, services.db, '00000000-0000-7000-8000-000000000005'),
    },
  },
  volunteering: {
    // Area A's need, volunteers and initiative: the jury has no volunteering permission, area B's team finds none of them.
    createNeed: { call: (a) => volunteering.createNeed(a, services.db, { title: 'Neu', areaId: fx.qmA }) },
    updateNeed: {
      call: (a) =>
        volunteering.updateNeed(a, services.db, ids.volNeed, { title: 'Vorlesen (neu)', areaId: fx.qmA }),
      hidden: true,
    },
    setNeedStatus: {
      call: (a) => volunteering.setNeedStatus(a, services.db, ids.volNeed, 'closed'),
      hidden: true,
    },
    proposeMatch: {
      call: (a) => volunteering.proposeMatch(a, services.db, ids.volNeed, ids.volVolunteer2),
      hidden: true,
    },
    confirmMatch: { call: (a) => volunteering.confirmMatch(a, services.db, ids.volMatch), hidden: true },
    endMatch: { call: (a) => volunteering.endMatch(a, services.db, ids.volMatch), hidden: true },
    suggestHours: {
      call: (a) => volunteering.suggestHours(a, services.db, ids.volMatch, { day: todayLocal(), hours: 2 }),
      hidden: true,
    },
    recordCertificateSeen: {
      call: (a) =>
        volunteering.recordCertificateSeen(a, services.db, ids.volVolunteer, { issuedOn: todayLocal() }),
      hidden: true,
    },
    signCertificate: {
      call: (a) => volunteering.signCertificate(a, services.db, ids.volCertificate, 'Team A'),
      hidden: true,
    },
    thankVolunteer: {
      call: (a) => volunteering.thankVolunteer(a, services.db, ids.volVolunteer, { text: 'Danke!' }),
      hidden: true,
    },
    createInitiative: {
      call: (a) =>
        volunteering.createInitiative(a, services.db, { actorId: ids.organisation, areaId: fx.qmA }),
    },
    updateInitiative: {
      call: (a) =>
        volunteering.updateInitiative(a, services.db, ids.volInitiative, {
          actorId: ids.organisation,
          areaId: fx.qmA,
        }),
      hidden: true,
    },
  },
  impact: {
    // Area A's activity and annual report: the jury has no impact permission, area B's team finds neither.
    createActivity: {
      call: (a) =>
        impact.createActivity(a, services.db, {
          title: 'Runder Tisch',
          heldOn: todayLocal(),
          areaId: fx.qmA,
        }),
    },
    updateActivity: {
      call: (a) =>
        impact.updateActivity(a, services.db, ids.impactActivity, {
          title: 'Runder Tisch (neu)',
          heldOn: todayLocal(),
          areaId: fx.qmA,
        }),
      hidden: true,
    },
    deleteActivity: { call: (a) => impact.deleteActivity(a, services.db, ids.impactActivity), hidden: true },
    openReport: {
      call: (a) => impact.openReport(a, services.db, { areaId: fx.qmA, year: 2020 }),
      hidden: true,
    },
    saveReportTexts: {
      call: (a) => impact.saveReportTexts(a, services.db, ids.impactReport, { situation: 'Neu' }),
      hidden: true,
    },
    // Finalising is for coordinators and administrators: a team member is refused in every area.
    finaliseReport: { call: (a) => impact.finaliseReport(a, services, ids.impactReport) },
    reopenReport: { call: (a) => impact.reopenReport(a, services.db, ids.impactReport) },
  },
};

/** Use cases that only read: refused (nothing to write anyway). */
const READS: Record<string, Record<string, Case>> = {
  profiles: {
    // Statistics of areas hold no personal data: every staff member may read any area's profile and
    // map (to compare their area with others); the jury has no profiles permission.
    areaProfile: { call: (a) => profiles.areaProfile(a, services.db, fx.qmA), refused: ['jury'] },
    choropleth: { call: (a) => profiles.choropleth(a, services.db, {}), refused: ['jury'] },
  },
  events: {
    eventFor: { call: (a) => events.eventFor(a, services.db, ids.event, 'events.manage'), hidden: true },
    listEventsFor: { call: (a) => events.listEventsFor(a, services.db, {}), refused: ['jury'] },
    listQueueFor: { call: (a) => events.listQueueFor(a, services.db), refused: ['jury'] },
    undoableDecisions: {
      call: (a) => events.undoableDecisions(a, services.db, [ids.pending]),
      refused: ['jury'],
    },
    reviewQueueFor: {
      call: (a) => events.reviewQueueFor(a, services.db, { limit: 50, offset: 0 }),
      refused: ['jury'],
    },
    eventAreaChoices: { call: (a) => events.eventAreaChoices(a, services.db), refused: ['jury'] },
    importSourceFor: { call: (a) => events.importSourceFor(a, services.db, ids.source) },
    listImportSourcesFor: { call: (a) => events.listImportSourcesFor(a, services.db) },
    importAreaChoices: { call: (a) => events.importAreaChoices(a, services.db) },
  },
  website: {
    getPostForStaff: { call: (a) => website.getPostForStaff(a, services.db, ids.post) },
    getPageForStaff: { call: (a) => website.getPageForStaff(a, services.db, ids.page) },
    listPostsForStaff: { call: (a) => website.listPostsForStaff(a, services.db), refused: ['jury'] },
    listPagesForStaff: { call: (a) => website.listPagesForStaff(a, services.db), refused: ['jury'] },
    contentAreaChoices: { call: (a) => website.contentAreaChoices(a, services.db), refused: ['jury'] },
  },
  houses: {
    bookingRequestFor: { call: (a) => houses.bookingRequestFor(a, services.db, ids.request) },
    houseFor: { call: (a) => houses.houseFor(a, services.db, ids.house, 'houses.manage') },
  },
  network: {
    listDirectory: { call: (a) => network.listDirectory(a, services.db, {}), refused: ['jury'] },
    exportDirectory: { call: (a) => network.exportDirectory(a, services.db, {}), refused: ['jury'] },
    actorFor: { call: (a) => network.actorFor(a, services.db, ids.organisation), hidden: true },
  },
  newsletters: {
    getIssueForStaff: { call: (a) => newsletters.getIssueForStaff(a, services.db, ids.issue) },
    listIssues: { call: (a) => newsletters.listIssues(a, services.db), refused: ['jury'] },
  },
  councils: {
    bodyFor: { call: (a) => councils.bodyFor(a, services.db, ids.body), hidden: true },
    resolutionFor: { call: (a) => councils.resolutionFor(a, services.db, ids.resolvedItem), hidden: true },
    carriedResolutionsFor: {
      call: (a) => councils.carriedResolutionsFor(a, services.db, ids.body),
      hidden: true,
    },
    recommendationsFor: { call: (a) => councils.recommendationsFor(a, services.db, ids.body), hidden: true },
    // Managing staff of another area get their own area's work, never a refusal.
    dueWorkFor: {
      call: (a) =>
        councils.dueWorkFor(a, services.db, { currentAreaId: null, now: new Date(), today: todayLocal() }),
      refused: ['jury'],
    },
    membersFor: { call: (a) => councils.membersFor(a, services.db, ids.body), hidden: true },
    memberRoster: { call: (a) => councils.memberRoster(a, services.db, ids.body), hidden: true },
    meetingFor: { call: (a) => councils.meetingFor(a, services.db, ids.meeting), hidden: true },
    meetingsFor: { call: (a) => councils.meetingsFor(a, services.db, ids.body), hidden: true },
    voteFor: { call: (a) => councils.voteFor(a, services.db, ids.vote), hidden: true },
    circulationFor: { call: (a) => councils.circulationFor(a, services.db, ids.circulation), hidden: true },
    circulationsFor: { call: (a) => councils.circulationsFor(a, services.db, ids.body), hidden: true },
    agendaItemFor: { call: (a) => councils.agendaItemFor(a, services.db, ids.agendaItem), hidden: true },
    itemFileFor: { call: (a) => councils.itemFileFor(a, services, ids.itemFile), hidden: true },
    meetingPaperFor: {
      call: (a) =>
        councils.meetingPaperFor(a, services, ids.meeting, {
          kind: 'agenda',
          lang: 'de',
          tenantName: 'Mandant',
        }),
      hidden: true,
    },
  },
  admin: {
    erasureReport: {
      call: (a) => admin.erasureReport(a, services.db, '00000000-0000-7000-8000-000000000003'),
    },
  },
  coordination: {
    // District coordination's work; the team of area B finds area A's need nowhere.
    needFor: { call: (a) => coordination.needFor(a, services.db, ids.need), hidden: true },
    listNeedsFor: { call: (a) => coordination.listNeedsFor(a, services.db), refused: ['jury'] },
    departmentsFor: { call: (a) => coordination.departmentsFor(a, services.db), refused: ['jury'] },
    recommendationsOfBody: {
      call: (a) => coordination.recommendationsOfBody(a, services.db, ids.body),
      refused: ['jury'],
    },
    escalationTargetsFor: { call: (a) => coordination.escalationTargetsFor(a, services) },
    planFor: { call: (a) => coordination.planFor(a, services.db, ids.plan), hidden: true },
    listPlansFor: { call: (a) => coordination.listPlansFor(a, services.db), refused: ['jury'] },
    // The lines narrow to the member's areas; a line of area A does not exist for area B's team.
    resourcesFor: { call: (a) => coordination.resourcesFor(a, services.db), refused: ['jury'] },
    budgetLineFor: { call: (a) => coordination.budgetLineFor(a, services.db, ids.budget), hidden: true },
    budgetFormChoices: { call: (a) => coordination.budgetFormChoices(a, services.db) },
    // What an import would do, written by nobody: only district coordination may look.
    previewBudgetImport: {
      call: (a) =>
        coordination.previewBudgetImport(
          a,
          services.db,
          new TextEncoder().encode('Gebiet;Jahr;Quelle;Art;Betrag\r\nQM-A;2026;Schulamt;Regelmittel;10'),
        ),
    },
    assessmentFor: { call: (a) => coordination.assessmentFor(a, services.db, 2026), refused: ['jury'] },
  },
  help: {
    listServices: { call: (a) => help.listServices(a, services.db), refused: ['jury'] },
    listKiosksFor: { call: (a) => help.listKiosksFor(a, services.db), refused: ['jury'] },
    kioskChoices: { call: (a) => help.kioskChoices(a, services.db), refused: ['jury'] },
    kioskFor: { call: (a) => help.kioskFor(a, services.db, ids.helpKiosk) },
    getService: { call: (a) => help.getService(a, services.db, ids.helpService), refused: ['jury'] },
    openProposal: { call: (a) => help.openProposal(a, services.db, ids.helpService), refused: ['jury'] },
    concernReferrals: {
      call: (a) => help.concernReferrals(a, services.db, [{ id: ids.helpService, name: 'Beratung A' }]),
      refused: ['jury'],
    },
    lastReviewLink: { call: (a) => help.lastReviewLink(a, services.db, ids.helpService), refused: ['jury'] },
    servicesWithProposals: {
      call: (a) => help.servicesWithProposals(a, services.db, [ids.helpService]),
      refused: ['jury'],
    },
    // What an import would do, written by nobody: only curators of the whole tenant may look.
    previewBerlinServices: {
      call: (a) =>
        help.previewBerlinServices(a, services.db, new TextEncoder().encode('ID;Einrichtung\r\n1;Neu')),
    },
  },
  funds: {
    fundFor: { call: (a) => funds.fundFor(a, services.db, ids.fund), refused: ['teamB'], hidden: true },
    // The fund form's choices: for those who manage the fund only (the jury reads it, and is refused).
    fundFormChoices: { call: (a) => funds.fundFormChoices(a, services.db, ids.fund), hidden: true },
    fundYearFor: {
      call: (a) => funds.fundYearFor(a, services.db, ids.fundYear),
      refused: ['teamB'],
      hidden: true,
    },
    // The report and the year-end statement are figures without names: the jury reads them.
    fundReportFor: {
      call: (a) => funds.fundReportFor(a, services.db, ids.fundYear),
      refused: ['teamB'],
      hidden: true,
    },
    yearStatementFor: {
      call: (a) => funds.yearStatementFor(a, services.db, ids.fundYear),
      refused: ['teamB'],
      hidden: true,
    },
  },
  volunteering: {
    // Lists narrow to the member's areas (another area's team gets an empty list).
    listNeedsFor: { call: (a) => volunteering.listNeedsFor(a, services.db), refused: ['jury'] },
    listVolunteersFor: { call: (a) => volunteering.listVolunteersFor(a, services.db), refused: ['jury'] },
    // The lists' CSV downloads (the volunteers' one names people) and the lists' area choices.
    exportNeeds: { call: (a) => volunteering.exportNeeds(a, services.db), refused: ['jury'] },
    exportVolunteers: { call: (a) => volunteering.exportVolunteers(a, services.db), refused: ['jury'] },
    listChoices: { call: (a) => volunteering.listChoices(a, services.db), refused: ['jury'] },
    listInitiativesFor: { call: (a) => volunteering.listInitiativesFor(a, services.db), refused: ['jury'] },
    certificateRequestsFor: {
      call: (a) => volunteering.certificateRequestsFor(a, services.db),
      refused: ['jury'],
    },
    formChoices: { call: (a) => volunteering.formChoices(a, services.db), refused: ['jury'] },
    needFor: { call: (a) => volunteering.needFor(a, services.db, ids.volNeed), hidden: true },
    matchesOfNeed: { call: (a) => volunteering.matchesOfNeed(a, services.db, ids.volNeed), hidden: true },
    suggestionsFor: { call: (a) => volunteering.suggestionsFor(a, services.db, ids.volNeed), hidden: true },
    signupsOf: { call: (a) => volunteering.signupsOf(a, services.db, ids.volNeed), hidden: true },
    volunteerFor: { call: (a) => volunteering.volunteerFor(a, services.db, ids.volVolunteer), hidden: true },
    volunteerViewFor: {
      call: (a) => volunteering.volunteerViewFor(a, services.db, ids.volVolunteer),
      hidden: true,
    },
    initiativeFor: {
      call: (a) => volunteering.initiativeFor(a, services.db, ids.volInitiative),
      hidden: true,
    },
  },
  impact: {
    activityFor: { call: (a) => impact.activityFor(a, services.db, ids.impactActivity), hidden: true },
    listActivitiesFor: { call: (a) => impact.listActivitiesFor(a, services.db), refused: ['jury'] },
    activityFormChoices: { call: (a) => impact.activityFormChoices(a, services.db), refused: ['jury'] },
    // Area A's figures: 404 for area B's team; the tenant's figures need a tenant-wide grant.
    dashboardFor: {
      call: (a) =>
        impact.dashboardFor(a, services, {
          areaId: fx.qmA,
          period: { kind: 'year', from: '2026-01-01', to: '2027-01-01' },
        }),
      hidden: true,
    },
    areasSideBySide: {
      call: (a) =>
        impact.areasSideBySide(a, services, {
          parentId: fx.qmA,
          period: { kind: 'year', from: '2026-01-01', to: '2027-01-01' },
        }),
      hidden: true,
    },
    reportFor: { call: (a) => impact.reportFor(a, services, ids.impactReport), hidden: true },
    listReportsFor: { call: (a) => impact.listReportsFor(a, services.db), refused: ['jury'] },
  },
};

/** Use cases that answer a question about the member and never refuse (the forms' field messages). */
const ANSWERS: Record<string, string[]> = {
  events: ['mayPlaceEvent', 'mayImportInto', 'queueCountFor'],
  website: ['mayPlaceContent'],
  newsletters: [],
  tenancy: [],
  network: ['mayPlaceActor', 'mayPlaceConcern'],
  houses: [],
  // Every role reads bodies: the list narrows to what the member may see and never refuses.
  councils: ['listBodiesFor'],
  // The list narrows to the funds the member may read.
  funds: ['listFundsFor'],
  coordination: [],
};

const INDEXES: Record<string, Record<string, unknown>> = {
  events,
  website,
  newsletters,
  tenancy,
  network,
  houses,
  identity,
  areas,
  councils,
  funds,
  help,
  coordination,
  volunteering,
  impact,
  profiles,
  admin,
};

const PNG = readFileSync(new URL('../src/modules/houses/test-fixtures/room.png', import.meta.url));
const houseValues = (slug: string) => {
  const form = houseToForm();
  Object.assign(form, {
    name: `Haus ${slug}`,
    slug,
    street: 'Teststraße 1',
    postcode: '10000',
    city: 'Berlin',
  });
  Object.assign(form, { areaId: fx.qmA, published: 'on' });
  const r = validateHouse(form, null);
  if (Object.keys(r.errors).length) throw new Error(JSON.stringify(r.errors));
  return r.values;
};
const roomValues = (slug: string) => {
  const form = roomToForm();
  Object.assign(form, { name: `Raum ${slug}`, slug, capacity: '20', feeHour: '10', bufferMinutes: '0' });
  return validateRoom(form).values;
};
const concernInput = (idempotencyKey: string) => ({
  idempotencyKey,
  topic: 'housing_benefit',
  language: 'de',
  areaId: fx.qmA,
});
const seriesInput = (title: string) => ({ title, areaId: fx.qmA, languages: ['de'], published: true });
const outreachInput = (occasion: string) => ({
  areaId: fx.qmA,
  targetGroup: 'young_people',
  place: 'Spielplatz Beispielstraße',
  plannedOn: futureWeekday(6, 14),
  occasion,
});
const fundApplication = (title: string) => ({
  applicantName: 'Initiative Hof',
  email: 'hof@example.org',
  title,
  costLines: [{ item: 'Material', costKind: 'material' as const, amountCents: 100_000 }],
  volunteerHours: 10,
});
const tenant = () => ({ id: fx.tenant.id, slug: fx.tenant.slug, name: fx.tenant.name, settings: {} });
const text = (title: string) => ({ lang: 'de', title, summary: '', bodyHtml: `<p>${title}</p>` });
const issueInput = (subject: string) => ({
  subject,
  introHtml: '<p>Hallo</p>',
  lang: 'de' as const,
  segmentLangs: [],
  areaId: fx.qmA,
  topic: null,
  postIds: [],
  eventIds: [],
});
const sourceInput = (name: string) => ({
  name,
  kind: 'file' as const,
  url: null,
  areaId: fx.qmA,
  categoryIds: [],
  attribution: name,
  attributionUrl: null,
  publishMode: 'review' as const,
  intervalMinutes: 360,
  enabled: true,
});

/** Every row of every table of the application schema, as one fingerprint per table. */
async function snapshot(): Promise<Record<string, string>> {
  const tables = rows<{ t: string }>(
    await services.db.execute(
      sql`select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    ),
  ).map((r) => r.t);
  const parts = tables.map(
    (t) =>
      sql`select ${t} as t, coalesce(md5(string_agg(x::text, ',' order by x::text)), '') as h from ${sql.identifier(t)} x`,
  );
  const r = rows<{ t: string; h: string }>(await services.db.execute(sql.join(parts, sql` union all `)));
  return Object.fromEntries(r.map((x) => [x.t, x.h]));
}

async function refusal(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (err) {
    return err;
  }
  return 'not refused';
}

beforeAll(async () => {
  ctx = await createTestContext();
  services = ctx.services;
  fx = await eventsFixture(ctx);
  const sys = systemActor(fx.tenant.id);
  const actorFor = async (userId: string): Promise<Actor> => ({
    principal: (await principalFor(services.db, fx.tenant.id, userId))!,
    policy: ctx.policy,
    tenantId: fx.tenant.id,
    userId,
  });
  const jury = await makeUser(services, { tenantId: fx.tenant.id, role: 'jury' });
  actors.jury = await actorFor(jury.id);
  actors.teamB = await actorFor(fx.teamB.id);
  const dept = await makeUser(services, {
    tenantId: fx.tenant.id,
    role: 'department',
    department: 'Jugendamt',
  });
  ids.membership = await membershipOf(dept.id);
  ids.provider = (
    await identity.createProvider(
      sys,
      services.db,
      {
        name: 'Stadt-Login',
        issuer: 'https://login.example.org',
        clientId: 'quartier',
        clientSecret: 'geheim',
      },
      services.config.outbound,
    )
  ).id;

  const inA = eventInput({ areaId: fx.qmA, title: 'In A' });
  ids.event = (await events.createStaffEvent(sys, services.db, inA, { publish: true })).id;
  ids.draft = (await events.createStaffEvent(sys, services.db, inA, { publish: false })).id;
  ids.pending = (
    await createEvent(services.db, fx.tenant.id, inA, {
      status: 'pending',
      source: 'public',
      submitter: { name: 'Nachbarin', email: 'nachbarin@example.org', lang: 'de', tokenHash: 'x'.repeat(64) },
    })
  ).id;
  ids.source = (await events.createImportSource(sys, services, sourceInput('Quelle A'))).id;
  ids.post = (
    await website.createPost(sys, services.db, { areaId: fx.qmA, slug: '', topics: [] }, text('Post A'))
  ).id;
  await website.updatePost(
    sys,
    services.db,
    services.config.storageDir,
    ids.post,
    { areaId: fx.qmA, slug: '', topics: [] },
    { ...text('Post A (en)'), lang: 'en' },
  );
  ids.page = (
    await website.createPage(
      sys,
      services.db,
      { areaId: fx.qmA, slug: '', kind: 'page', sort: 0 },
      text('Seite A'),
    )
  ).id;
  ids.issue = (await newsletters.createIssue(sys, services.db, issueInput('Brief A'))).id;
  const made = await makeHouse(services, fx.tenant.id, { slug: 'haus-a', areaId: fx.qmA });
  ids.house = made.house.id;
  ids.hall = made.hall.id;
  ids.seminar = made.seminar.id;
  ids.closure = await houses.addHouseClosure(sys, services.db, ids.house, {
    roomId: null,
    kind: 'maintenance',
    startsAt: new Date(Date.now() + 40 * 86_400_000),
    endsAt: new Date(Date.now() + 41 * 86_400_000),
    reason: 'Malerarbeiten',
  });
  const photo = await houses.addPhoto(sys, services.db, services.config.storageDir, ids.house, ids.hall, {
    file: new Blob([new Uint8Array(PNG)]),
    alt: 'Saal',
  });
  if (!('photo' in photo)) throw new Error(JSON.stringify(photo.errors));
  ids.photo = photo.photo.id;
  ids.mail = await queueMail(services.db, {
    tenantId: fx.tenant.id,
    to: 'nachbarin@example.org',
    subject: 'Hallo',
    text: 'Hallo',
  });
  // Two requests for the hall of house A: one waiting for a decision, one approved with its date.
  const request = async (date: string) => {
    const p = await prepareRequest(services.db, {
      tenantId: fx.tenant.id,
      house: made.house,
      rooms: [made.hall, made.seminar],
      input: readInput(requestForm(made.hall.id, date)),
      mode: 'public',
    });
    if (!p.ok) throw new Error(JSON.stringify(p.fields));
    return (await submitRequest(services, tenant(), made.house, p, { source: 'public', lang: 'de' })).id;
  };
  ids.request = await request(futureWeekday(2, 21));
  ids.approved = await request(futureWeekday(4, 21));
  await houses.approveBookingRequest(sys, services, tenant(), ids.approved);
  ids.booking = (await bookingsOfRequest(services.db, fx.tenant.id, ids.approved))[0].id;
  // Network records of area A: a venue, a consultation hour with a slot and an extra date, a
  // concern and an outreach plan.
  ids.venue = (await network.createVenue(sys, services.db, { name: 'Treffpunkt A', areaId: fx.qmA })).id;
  ids.series = (await network.createSeries(sys, services.db, seriesInput('Sprechstunde A'))).id;
  ids.slot = (
    await network.addSlot(sys, services.db, ids.series, {
      venueId: ids.venue,
      rrule: 'FREQ=WEEKLY;BYDAY=TU',
      startTime: '10:00',
      endTime: '12:00',
      startsOn: futureWeekday(2, 7),
    })
  ).id;
  ids.extra = (
    await network.addExtra(sys, services.db, ids.series, {
      venueId: ids.venue,
      date: futureWeekday(3, 14),
      startTime: '16:00',
      endTime: '18:00',
    })
  ).id;
  await network.setException(sys, services.db, ids.series, {
    slotId: ids.slot,
    date: futureWeekday(2, 21),
    status: 'cancelled',
  });
  ids.concern = (
    await network.recordConcern(sys, services.db, concernInput('authz-concern-in-a-0001'))
  ).concern.id;
  ids.outreach = (await network.saveOutreach(sys, services.db, outreachInput('Hoffest'))).id;
  ids.organisation = (
    await network.createActor(services.db, fx.tenant.id, {
      kind: 'organisation',
      name: 'Verein A',
      areaId: fx.qmA,
    })
  ).id;
  await signUp(services, tenant(), {
    email: 'leser@example.org',
    lang: 'de',
    areaIds: [],
    topics: [],
    consentText: 'Ja',
  });
  ids.subscriber = (await newsletters.listSubscribers(sys, services.db)).items[0].id;
  // A closed jury in area A with two voting members, a meeting yesterday with a carried vote on an
  // item, and an open circulation vote.
  const juryA = await councils.createBody(sys, services.db, {
    name: 'Jury A',
    kind: 'aktionsfondsjury',
    areaId: fx.qmA,
  });
  ids.body = juryA.id;
  const jurors = [];
  for (const name of ['Juror 1', 'Juror 2'])
    jurors.push(
      (
        await councils.addMember(sys, services.db, juryA.id, {
          kind: 'resident',
          name,
          termFrom: '2020-01-01',
          termTo: null,
        })
      ).member,
    );
  ids.councilMember = jurors[0].id;
  const meeting = (
    await councils.scheduleMeeting(sys, services.db, juryA.id, {
      startsAt: new Date(Date.now() - 86_400_000),
    })
  ).meetings[0];
  ids.meeting = meeting.id;
  ids.agendaItem = (
    await councils.addAgendaItem(sys, services.db, meeting.id, { title: 'Antrag', kind: 'decision' })
  )[0].id;
  await councils.recordAttendance(sys, services.db, meeting.id, {
    entries: jurors.map((j) => ({ memberId: j.id, status: 'present' as const })),
  });
  ids.vote = (
    await councils.recordVote(sys, services.db, ids.agendaItem, {
      kind: 'open',
      counts: { yes: 2, no: 0, abstain: 0 },
    })
  ).id;
  ids.resolvedItem = ids.agendaItem;
  const [decided] = await councils.addAgendaItem(sys, services.db, meeting.id, {
    title: 'Zweiter Antrag',
    kind: 'decision',
  });
  ids.agendaItem = decided.id;
  ids.itemFile = (
    await councils.addItemFile(sys, services, decided.id, {
      file: new File([new TextEncoder().encode('%PDF-1.4\n')], 'antrag.pdf'),
    })
  ).id;
  ids.circulation = (
    await councils.openCirculation(sys, services.db, juryA.id, {
      title: 'Eilantrag',
      closesAt: new Date(Date.now() + 3 * 86_400_000),
    })
  ).id;
  // The Aktionsfonds of area A (jury A decides) with applications in each state the calls need, and a
  // fund of area A split across one share.
  const fundA = await funds.createFund(sys, services.db, {
    name: 'Aktionsfonds A',
    kind: 'action',
    areaId: fx.qmA,
    decidingBodyId: juryA.id,
  });
  ids.fund = fundA.id;
  const year = Number(todayLocal().slice(0, 4));
  ids.fundYear = (await funds.setYearBudget(sys, services.db, fundA.id, { year, budgetCents: 1_000_000 })).id;
  const parent = await funds.createFund(sys, services.db, {
    name: 'Fonds A',
    kind: 'initiative',
    areaId: fx.qmA,
  });
  ids.parentYear = (
    await funds.setYearBudget(sys, services.db, parent.id, { year, budgetCents: 100_000 })
  ).id;
  ids.childFund = (
    await funds.createFund(sys, services.db, {
      name: 'Anteil',
      kind: 'initiative',
      areaId: fx.qmA,
      parentFundId: parent.id,
    })
  ).id;
  const app = async (title: string) =>
    (await funds.createApplication(sys, services.db, fundA.id, fundApplication(title))).id;
  const toReview = async (id: string) => {
    await funds.submitApplication(sys, services.db, id);
    await funds.checkEligibility(sys, services.db, id, {});
  };
  const decide = (id: string) =>
    funds.recordDecision(sys, services.db, id, {
      outcome: 'granted',
      grantedCents: 50_000,
      vote: { kind: 'open', counts: { yes: 2, no: 0, abstain: 0 } },
    });
  ids.appDraft = await app('Entwurf');
  ids.appSubmitted = await app('Eingereicht');
  await funds.submitApplication(sys, services.db, ids.appSubmitted);
  ids.appReview = await app('In Prüfung');
  await toReview(ids.appReview);
  const onAgenda = async (title: string) => {
    const id = await app(title);
    await toReview(id);
    await funds.putOnAgenda(sys, services.db, id, { meetingId: ids.meeting });
    return id;
  };
  ids.appAgenda = await onAgenda('Auf der Tagesordnung');
  ids.appGranted = await onAgenda('Bewilligt');
  await decide(ids.appGranted);
  ids.appPaid = await onAgenda('Ausgezahlt');
  await decide(ids.appPaid);
  await funds.bookEntry(sys, services.db, ids.appPaid, {
    kind: 'payment',
    amountCents: 50_000,
    paymentKind: 'advance',
  });
  ids.helpService = (await help.createService(sys, services.db, helpService('Beratung A'))).id;
  ids.helpKiosk = (await help.saveKiosk(sys, services.db, null, kioskInput('Eingang'))).id;
  // Its provider proposed a change through their link; staff have not decided yet.
  const tokens: string[] = [];
  ids.helpProposal = (
    await help.sendReviewLink(
      sys,
      services.db,
      ids.helpService,
      { email: 'traeger@example.org' },
      {
        linkOf: (t) => (tokens.push(t), t),
      },
    )
  ).id;
  await help.proposeChange(services.db, fx.tenant.id, tokens[0], { name: 'Beratung A neu' });
  // A need of area A routed to the Jugendamt, overdue (so escalating it would succeed).
  ids.department = (await coordination.createDepartment(sys, services.db, { name: 'Jugendamt' })).id;
  ids.department2 = (await coordination.createDepartment(sys, services.db, { name: 'Schulamt' })).id;
  ids.need = (
    await coordination.reportNeed(sys, services.db, {
      title: 'Bedarf A',
      description: 'Fehlt',
      areaId: fx.qmA,
      topic: 'youth',
    })
  ).id;
  ids.routing = (
    await coordination.routeNeed(sys, services.db, ids.need, {
      routes: [{ departmentId: ids.department, deadline: addDays(todayLocal(), -2) }],
    })
  )[0].id;
  // A draft plan of area A with a field, a goal, an indicator and a measure.
  ids.plan = (
    await coordination.createPlan(sys, services.db, {
      title: 'IHEK A',
      areaId: fx.qmA,
      periodFrom: '2027-01-01',
      periodTo: '2028-12-31',
    })
  ).id;
  ids.planField = (await coordination.addField(sys, services.db, ids.plan, { name: 'Bildung' })).id;
  ids.planGoal = (
    await coordination.addGoal(sys, services.db, ids.plan, { fieldId: ids.planField, title: 'Ziel A' })
  ).id;
  ids.planIndicator = (
    await coordination.addIndicator(sys, services.db, ids.plan, {
      goalId: ids.planGoal,
      name: 'Plätze',
      baseline: 10,
      target: 20,
    })
  ).id;
  ids.budget = (
    await coordination.saveBudgetLine(sys, services.db, {
      areaId: fx.qmA,
      year: 2026,
      source: 'Jugendamt',
      kind: 'regular',
      amount: '1.000,00',
    })
  ).id;
  ids.planMeasure = (
    await coordination.addMeasure(sys, services.db, ids.plan, {
      goalId: ids.planGoal,
      title: 'Lernwerkstatt',
      departmentId: ids.department,
      investive: true,
    })
  ).id;
  ids.planMilestone = (
    await coordination.addMilestone(sys, services.db, ids.plan, ids.planMeasure, {
      title: 'Räume gefunden',
      dueOn: '2027-03-01',
    })
  ).id;
  // Volunteering in area A: a need, two confirmed volunteers, the first agreed to a match with
  // confirmed hours and asked for a certificate; an initiative (the network organisation).
  ids.volNeed = (await volunteering.createNeed(sys, services.db, { title: 'Vorlesen', areaId: fx.qmA })).id;
  const volTokens: string[] = [];
  for (const n of [1, 2]) {
    const { volunteer, token } = await volunteering.offerHelp(
      services.db,
      fx.tenant.id,
      { name: `Freiwillige ${n}`, email: `freiwillig${n}@example.org`, areaIds: [fx.qmA], consent: true },
      { linkOf: (t) => t },
    );
    await volunteering.volunteerByToken(services.db, fx.tenant.id, token);
    volTokens.push(token);
    if (n === 1) ids.volVolunteer = volunteer.id;
    else ids.volVolunteer2 = volunteer.id;
  }
  ids.volMatch = (await volunteering.proposeMatch(sys, services.db, ids.volNeed, ids.volVolunteer)).id;
  await volunteering.answerByToken(services.db, fx.tenant.id, volTokens[0], ids.volMatch, 'accept');
  await volunteering.confirmMatch(sys, services.db, ids.volMatch);
  await volunteering.recordHoursByToken(services.db, fx.tenant.id, volTokens[0], ids.volMatch, {
    day: todayLocal(),
    hours: 2,
  });
  ids.volCertificate = (
    await volunteering.requestCertificateByToken(services.db, fx.tenant.id, volTokens[0])
  ).id;
  ids.volInitiative = (
    await volunteering.createInitiative(sys, services.db, { actorId: ids.organisation, areaId: fx.qmA })
  ).id;
  ids.impactActivity = (
    await impact.createActivity(sys, services.db, {
      title: 'Runder Tisch',
      heldOn: todayLocal(),
      areaId: fx.qmA,
      participants: 5,
    })
  ).id;
  ids.impactReport = (await impact.openReport(sys, services.db, { areaId: fx.qmA, year: 2025 })).id;
});
afterAll(() => ctx?.close());

/** A kiosk screen in the house of area A. */
function kioskInput(name: string) {
  return { name, houseId: ids.house, venueId: '', languages: ['de' as const], rotateSeconds: 20 };
}

/** A service with one place in area A (chosen, not placed by a point). */
function helpService(name: string): help.ServiceInput {
  return {
    name,
    topics: ['debt'],
    locations: [{ areaId: fx.qmA, hours: { mode: 'unknown', intervals: [], exceptions: [], note: '' } }],
  };
}

async function membershipOf(userId: string): Promise<string> {
  const [m] = await listMemberships(services.db, fx.tenant.id, { userId });
  return m.id;
}

describe('authorization: every use case refuses a member without the permission', () => {
  for (const [module, cases] of Object.entries(WRITES))
    for (const [name, c] of Object.entries(cases))
      for (const who of c.refused ?? (['jury', 'teamB'] as Refused[]))
        it(`${module}.${name} refuses ${who === 'jury' ? 'a jury member' : 'a team member of another area'} and writes nothing`, async () => {
          const before = await snapshot();
          const err = await refusal(() => c.call(actors[who]));
          expect(err).toBeInstanceOf(AppError);
          // A jury member is refused outright; a record hidden from another area is "not found".
          expect((err as AppError).status).toBe(who === 'teamB' && c.hidden ? 404 : 403);
          expect(await snapshot()).toEqual(before);
        });

  for (const [module, cases] of Object.entries(READS))
    for (const [name, c] of Object.entries(cases))
      for (const who of c.refused ?? (['jury', 'teamB'] as Refused[]))
        it(`${module}.${name} refuses ${who === 'jury' ? 'a jury member' : 'a team member of another area'}`, async () => {
          const err = await refusal(() => c.call(actors[who]));
          expect(err).toBeInstanceOf(AppError);
          expect((err as AppError).status).toBe(who === 'teamB' && c.hidden ? 404 : 403);
        });
});

/** Exported async functions whose first parameter is `actor: Actor`, per module (policies.ts excluded). */
function useCasesTakingAnActor(): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
    );
  for (const file of walk(SRC)) {
    if (/\.test\.tsx?$/.test(file) || /policies\.ts$/.test(file) || /[/\\](test|testing)[/\\]/.test(file))
      continue;
    const module = relative(SRC, file).split(sep)[0];
    for (const m of readFileSync(file, 'utf8').matchAll(/export async function (\w+)\(\s*actor: Actor\b/g)) {
      if (!found.has(module)) found.set(module, new Set());
      found.get(module)!.add(m[1]);
    }
  }
  return found;
}

describe('authorization: the lists are complete', () => {
  it('every exported use case that takes an Actor has an entry here and is exported from its module', () => {
    const missing: string[] = [];
    const notExported: string[] = [];
    const found = useCasesTakingAnActor();
    expect(found.size).toBeGreaterThan(0);
    for (const [module, names] of found)
      for (const name of names) {
        const listed =
          !!WRITES[module]?.[name] || !!READS[module]?.[name] || (ANSWERS[module] ?? []).includes(name);
        if (!listed) missing.push(`${module}.${name}`);
        if (typeof INDEXES[module]?.[name] !== 'function') notExported.push(`${module}.${name}`);
      }
    expect(missing, 'use cases without an authorization case in test/authorization.db.test.ts').toEqual([]);
    expect(
      notExported,
      'use cases not exported from the module index.ts (or the module missing here)',
    ).toEqual([]);
  });

  it('lists no use case that no longer exists or no longer takes an Actor', () => {
    const found = useCasesTakingAnActor();
    const stale = [
      ...Object.entries(WRITES).flatMap(([m, c]) => Object.keys(c).map((n) => [m, n])),
      ...Object.entries(READS).flatMap(([m, c]) => Object.keys(c).map((n) => [m, n])),
      ...Object.entries(ANSWERS).flatMap(([m, names]) => names.map((n) => [m, n])),
    ]
      .filter(([m, n]) => !found.get(m)?.has(n))
      .map(([m, n]) => `${m}.${n}`);
    expect(stale).toEqual([]);
  });
});
