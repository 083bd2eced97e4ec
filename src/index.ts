// The public surface of solarproof-mock, listed explicitly.
export { startEmulator, ConfigError, type StartOptions, type RunningEmulator } from './start-emulator.js';
export { EmulatorError, type ErrorCode, type ProblemCode } from './core/errors.js';
export {
  createClient,
  type EmulatorClient,
  type TriggerOptions,
  type TriggerResult,
  type TriggeredEvent,
  type DeliveryFilter,
  type DeliveryStreamFilter,
  type DeliveryStreamOptions,
  type ScenarioSummary,
  type WaitForOptions,
  type Stats,
  type DeepPartial,
  type MergePatch,
  type TypedTriggerOptions,
} from './client/create-client.js';
export type { DeliveryChange, DeliveryStream } from './client/open-delivery-stream.js';
export { EmulatorApiError, WaitForTimeoutError, type WaitedDelivery } from './client/emulator-api-error.js';
export { createEmulator, type Emulator, type EmulatorDeps } from './emulator.js';
export type { TlsCertificate } from './emulator-api.js';
export type { ClientTlsOptions } from './client/client-fetch.js';
export type { ClientAnswer, ClientCall, ClientSend } from './client/node-http-send.js';
export { loadConfig, type ConfigSources, type LoadResult, type LoadedConfig } from './config/load-config.js';
export { configSchema, type Config, type ConfigInput } from './config/config-schema.js';
export { DEFAULT_API_KEY, type Account } from './core/account.js';
export { EVENT_TYPES, PAYLOAD_VERSIONS, eventTypesFor, type EventType, type PayloadVersion } from './core/event-types.js';
// Through the file that registers them with the contract, so the typed client sees them too.
export type { EventPayload, PayloadItem, PayloadMap } from './http/control/payload-registry.js';
export type { SubjectRequest } from './core/subject.js';
export { ManualClock, systemClock, type Clock, type TimerHandle } from './core/clock.js';
export type { AccountEvent, EmittedEvent } from './core/event.js';
export type { Subscription } from './solarproof/subscription-store.js';
export type { DeliveryView, DeliveryState, AttemptOutcome } from './delivery/delivery.js';
export type { Har, HarEntry } from './contract/har-schemas.js';
export type { DeliveryEngine } from './delivery/delivery-engine.js';
export type { Latency, Faults, RetryPolicy, FaultName, ScriptedOutcome } from './config/delivery-config.js';
export { parseScheduleFlag } from './config/parse-schedule-flag.js';
export type { ScheduleSpec } from './config/schedule-config.js';
export type { ScheduleView, ScheduleState } from './schedules/running-schedule.js';
export type { ScenarioRunView } from './scenarios/scenario-run.js';
export { VERSION } from './core/version.js';
export { DATA_ACTIONS, type DataAction, type DataActionError } from './solarproof/data-actions.js';
export type { WorldCustomerView, WorldProjectView, WorldCustomerFilter, WorldProjectFilter } from './solarproof/world-views.js';
export type { StateDocument } from './state/state-document.js';
export type { EmulatorApp } from './emulator-api.js';
