import type { Emulator } from '../emulator.js';
import type { EmittedEvent } from '../events/event.js';

/**
 * PLACEHOLDER until the delivery engine issue lands: the interface the rest of the emulator
 * uses. `dispatch` turns one event into one delivery per matching subscription and returns
 * the delivery ids.
 */
export interface DeliveryEngine {
  dispatch(event: EmittedEvent): string[];
}

export function createDeliveryEngine(_emu: Emulator): DeliveryEngine {
  return { dispatch: () => [] };
}
