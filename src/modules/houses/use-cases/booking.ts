// Booking requests, one use case per file; this file only gathers them for the module's screens,
// API and tests. The availability rule every one of them asks is in check-availability.ts.
export { acceptProposal } from './accept-proposal.ts';
export { approveRequest } from './approve-request.ts';
export { cancelOccurrence } from './cancel-occurrence.ts';
export { cancelRequest } from './cancel-request.ts';
export { checkAvailability } from './check-availability.ts';
export { confirmationPdf } from './confirmation-pdf.ts';
export { declineRequest } from './decline-request.ts';
export { inspectRequest } from './inspect-request.ts';
export { MAX_DAYS_AHEAD, type Prepared, prepareRequest } from './prepare-request.ts';
export { proposeTime } from './propose-time.ts';
export {
  emptyInput,
  type FieldErrors,
  type Msg,
  type RequestInput,
  readInput,
  roomRates,
} from './request-input.ts';
export { requestByToken } from './request-links.ts';
export { isExclusionViolation } from './request-records.ts';
export { setPayment } from './set-payment.ts';
export { type SubmitMeta, submitRequest } from './submit-request.ts';
