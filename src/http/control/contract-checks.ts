import type { z } from 'zod';
import type { attemptSchema, deliveryViewSchema, statsSchema } from '../../contract/delivery-schemas.js';
import type { scenarioRunViewSchema, scheduleViewSchema, subscriptionSchema } from '../../contract/answer-schemas.js';
import type { DELIVERY_STATES as WIRE_STATES, STREAM_CHANGES, WAIT_END_REASONS } from '../../contract/wire-values.js';
import type { worldCustomerSchema, worldProjectSchema, WorldCustomerFilter, WorldProjectFilter } from '../../contract/world-schemas.js';
import type { AttemptOutcome, DeliveryState, DeliveryView, WaitEndReason } from '../../delivery/delivery.js';
import type { DeliveryEngine } from '../../delivery/delivery-engine.js';
import type { ScenarioRunView } from '../../scenarios/scenario-run.js';
import type { ScheduleView } from '../../schedules/running-schedule.js';
import type { Subscription } from '../../solarproof/subscription-store.js';
import type * as world from '../../solarproof/world-views.js';

/**
 * Compile-time checks that the contract (src/contract, which imports no feature folder) says
 * what the server's own types say, both directions: a field added to a view without its schema,
 * or a delivery state added on one side only, is a compile error here.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Check<T extends true> = T;
type ChangeKind = Parameters<Parameters<DeliveryEngine['onChange']>[0]>[1];

export type ContractChecks = [
  Check<Same<(typeof WIRE_STATES)[number], DeliveryState>>,
  Check<Same<z.output<typeof attemptSchema>['outcome'], AttemptOutcome>>,
  Check<Same<(typeof STREAM_CHANGES)[number], ChangeKind>>,
  Check<Same<(typeof WAIT_END_REASONS)[number], WaitEndReason>>,
  Check<Same<z.output<typeof deliveryViewSchema>, DeliveryView>>,
  Check<Same<z.output<typeof subscriptionSchema>, Subscription>>,
  Check<Same<keyof z.output<typeof scheduleViewSchema>, keyof ScheduleView>>,
  Check<Same<keyof z.output<typeof scenarioRunViewSchema>, keyof ScenarioRunView>>,
  Check<Same<Exclude<keyof z.output<typeof statsSchema>, 'retryDelays' | 'logs'>, keyof ReturnType<DeliveryEngine['stats']>>>,
  Check<Same<z.output<typeof worldCustomerSchema>, world.WorldCustomerView>>,
  Check<Same<keyof z.output<typeof worldProjectSchema>, keyof world.WorldProjectView>>,
  Check<Same<WorldCustomerFilter, world.WorldCustomerFilter>>,
  Check<Same<WorldProjectFilter, world.WorldProjectFilter>>,
];
