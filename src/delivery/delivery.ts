/**
 * The delivery's public words in one place, for the rest of src/ (http, cli, client, state, the
 * index) and the contract's type checks: the plain domain values (`delivery-domain.ts`) and their
 * wire views (`delivery-view.ts`). The journal's compact storage is not here: it is private to
 * the journal (`journal-records.ts`).
 */
export {
  DELIVERY_STATES,
  journalEvent,
  matchesFilter,
  type Attempt,
  type AttemptOutcome,
  type CancelReason,
  type Delivery,
  type DeliveryFilter,
  type DeliveryState,
  type JournalEvent,
  type TerminalState,
  type WaitEndReason,
} from './delivery-domain.js';
export { plainDelivery, toView, type DeliveryView } from './delivery-view.js';
