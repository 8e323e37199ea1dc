// Public surface of the funds module (FUND-1 … FUND-5): funds per area or working group and year with
// their rules and budgets, applications with eligibility checks, the deciding body's decision (a vote
// of the councils module on an agenda item), and the append-only ledger that is never over-committed.
// Other modules import only from here.

export { type Balances, balances } from './domain/ledger.ts';
export {
  AKTIONSFONDS_BUDGET_CENTS,
  AKTIONSFONDS_CAP_CENTS,
  defaultRules,
  type FundRules,
} from './domain/rules.ts';
export {
  APPLICATION_STATUSES,
  type ApplicationStatus,
  COST_KINDS,
  type CostKind,
  FUND_KINDS,
  type FundKind,
  LEDGER_KINDS,
  type LedgerKind,
} from './domain/vocab.ts';
export { fundsManifest } from './manifest.ts';
export type { Application, Fund, FundYear, LedgerEntry } from './queries.ts';
export type {
  AgendaInput,
  ApplicationInput,
  BookingInput,
  EligibilityInput,
  FundInput,
  NoteInput,
  SplitInput,
  YearBudgetInput,
} from './schemas.ts';
// What members and applicants do with funds: each staff use case takes the acting member first and checks first.
export {
  type ApplicationView,
  applicationByToken,
  applicationFor,
  createApplication,
  startApplication,
  submitApplication,
  submitApplicationByToken,
  updateApplication,
  updateApplicationByToken,
  withdrawApplication,
  withdrawApplicationByToken,
} from './use-cases/applications.ts';
export { type DecisionInput, recordDecision } from './use-cases/decide.ts';
export {
  archiveFund,
  createFund,
  type FundYearView,
  fundFor,
  fundFormChoices,
  fundYearFor,
  listFundsFor,
  setYearBudget,
  splitBudget,
  updateFund,
} from './use-cases/funds.ts';
export { bookEntry, closeApplication, closeYear, settleApplication } from './use-cases/ledger.ts';
// Figures of a fund-year without names: the report per criterion and target group, the year-end statement.
export {
  type FundReport,
  fundReportFor,
  type ReportRow,
  type YearStatement,
  yearStatementFor,
} from './use-cases/reports.ts';
export { checkEligibility, putOnAgenda, requestChanges } from './use-cases/review.ts';
// The settlement (proof of use): the applicant's side goes through the private link; staff check it.
export {
  acceptSettlement,
  addSettlementFileByToken,
  claimBackUnspent,
  requestSettlementCorrections,
  type SettlementInput,
  type SettlementView,
  saveSettlementByToken,
  sendSettlementReminders,
  settlementByToken,
  settlementFileFor,
  settlementFor,
} from './use-cases/settlement.ts';
