import { EmulatorError } from '../core/errors.js';

/** The refusal of new work once a drain or close has begun. */
export function shuttingDown(): EmulatorError {
  return new EmulatorError('SHUTTING_DOWN', 'The emulator is shutting down: it finishes the attempts in flight and takes no new work. Start it again to trigger events.');
}

/**
 * Back-pressure: throws TOO_MANY_PENDING unless `more` new pending deliveries fit under
 * `delivery.maxPending` beside the `pending` ones; `what` names the request in the message.
 *
 * @example admitPending(5, 1, 5, 'redelivering dlv_3') // throws: 6 pending would pass maxPending (5)
 */
export function admitPending(pending: number, more: number, max: number, what: string): void {
  if (more === 0 || pending + more <= max) return;
  throw new EmulatorError(
    'TOO_MANY_PENDING',
    `Refused: ${what} would make ${pending + more} pending deliveries, past delivery.maxPending (${max}); ${pending} are pending now and nothing was created. ` +
      'Wait for pending deliveries to settle (GET /_emulator/stats), send fewer, or raise delivery.maxPending (PATCH /_emulator/config {"delivery":{"maxPending":...}}).',
    { extra: { pending, requested: more, maxPending: max } },
  );
}
