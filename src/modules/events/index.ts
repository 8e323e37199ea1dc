// Public surface of the events module (CAL-1…4, CAL-8): other modules import only from here.

export {
  type Cost,
  EVENT_KINDS,
  type EventKind,
  type EventStatus,
  MEETING_KINDS,
} from './db/schema.ts';
export { type Occurrence, occurrencesBetween } from './domain/recurrence.ts';
export { eventsManifest } from './manifest.ts';
export { seedDemoEvents } from './seed-demo.ts';
export { Agenda } from './ui/common.tsx';
export { feedLinks } from './ui/public.tsx';
export { type AttendanceSummary, attendanceSummary } from './use-cases/attendance.ts';
export { type Category, type Event, getEvent, listCategories, upsertCategory } from './use-cases/events.ts';
export { dataVersion, type Listed, type PublicFilter, publishedOccurrences } from './use-cases/listing.ts';
// What members do with events: each use case takes the acting member first and checks first.
export {
  addEventCategory,
  addEventResultFile,
  cancelRegistrationByStaff,
  cancelStaffEvent,
  createImportSource,
  createStaffEvent,
  decideEvent,
  decideEvents,
  deleteImportSource,
  deleteStaffEvent,
  eventAreaChoices,
  eventDetailFor,
  eventFor,
  importAreaChoices,
  importSourceFor,
  listEventsFor,
  listImportSourcesFor,
  listQueueFor,
  mayImportInto,
  mayPlaceEvent,
  publishStaffEvent,
  queueCountFor,
  registrationsFor,
  removeEventCategory,
  removeEventResultFile,
  reviewQueueFor,
  runImportFor,
  saveAttendance,
  saveEventResults,
  saveEventSettings,
  saveStaffEvent,
  submissionFor,
  updateImportSource,
} from './use-cases/manage.ts';
export { UNDO_MINUTES, undoableDecisions, undoDecisions } from './use-cases/undo-decision.ts';
