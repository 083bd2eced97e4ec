/**
 * One error tree for the whole emulator. Every error a caller can act on is an `EmulatorError`
 * with a stable `code` (the control API's problem `code`), the HTTP `status` it is answered with,
 * and a message (the problem's `detail`) that says what went wrong and what to do. The control
 * API's one error handler renders any of them as problem+json; the CLI prints `detail`.
 *
 * @example
 *   throw new EmulatorError('UNKNOWN_API_KEY', 'Unknown apiKey "x". Configured keys: sp_test_key.');
 */
export const ERROR_STATUS = {
  // A request that cannot be honoured as sent.
  INVALID_BODY: 400,
  INVALID_JSON: 400,
  INVALID_QUERY: 400,
  INVALID_COUNT: 400,
  INVALID_OVERRIDE: 400,
  INVALID_SCHEDULE: 400,
  INVALID_CONFIG: 400,
  INVALID_SUBJECT: 400,
  UNKNOWN_EVENT_TYPE: 400,
  UNKNOWN_API_KEY: 400,
  SCENARIO_NOT_RUNNABLE: 400,
  INVALID_STATE: 400,
  // A library's own 4xx (body parser, router) that no more precise code names.
  BAD_REQUEST: 400,
  // The guard: the admin token, a browser page of another origin, a Host that is not ours.
  UNAUTHORIZED: 401,
  FOREIGN_ORIGIN: 403,
  FOREIGN_HOST: 421,
  // Something named that does not exist.
  NOT_FOUND: 404,
  UNKNOWN_SUBJECT: 404,
  UNKNOWN_SCENARIO: 404,
  UNKNOWN_SCENARIO_RUN: 404,
  UNKNOWN_SCHEDULE: 404,
  UNKNOWN_CHECK: 404,
  UNKNOWN_ACCOUNT: 404,
  DELIVERY_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  // The request is well formed but the state does not allow it.
  SUBJECT_CONFLICT: 409,
  SCENARIO_CANCELLED: 409,
  // PUT /_emulator/state with an If-Match that names a state since changed.
  STATE_CHANGED: 412,
  // POST /_emulator/accounts with a key already in force; DELETE of the only key left.
  ACCOUNT_EXISTS: 409,
  LAST_ACCOUNT: 409,
  BODY_TOO_LARGE: 413,
  // Back-pressure: more pending deliveries than delivery.maxPending allows; a trigger that waited
  // delivery.sendQueue.waitMs for room in the send queue.
  TOO_MANY_PENDING: 429,
  SEND_QUEUE_FULL: 429,
  // A graceful shutdown is under way: no new work.
  SHUTTING_DOWN: 503,
  // Files the emulator was told to load at start (scenarios, templates), and a data dir it cannot use.
  INVALID_FILE: 400,
  INVALID_DATA_DIR: 400,
  // A hook host the hook-host rules refuse at connect time (recorded as the attempt outcome `blocked`).
  HOST_BLOCKED: 403,
  // The client's view of a problem the server answered, and of a wait that ran out.
  API_ERROR: 500,
  WAIT_TIMEOUT: 408,
  INTERNAL_ERROR: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
/** A known code, or a code another emulator answered with (the client passes those through). */
export type ProblemCode = ErrorCode | (string & Record<never, never>);

export interface EmulatorErrorOptions {
  /** Overrides the code's usual status (e.g. the client's copy of a server answer). */
  status?: number;
  /** Extra problem members (e.g. `field` for an override, `problems` for a list). */
  extra?: Record<string, unknown>;
  /** The problem's `detail`, when it differs from the message (default: the message). */
  detail?: string;
  cause?: unknown;
}

export class EmulatorError extends Error {
  readonly status: number;
  readonly extra: Record<string, unknown>;
  /** The problem's `detail`: what went wrong and what to do. */
  readonly detail: string;

  constructor(
    readonly code: ProblemCode,
    message: string,
    options: EmulatorErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EmulatorError';
    this.status = options.status ?? (code in ERROR_STATUS ? ERROR_STATUS[code as ErrorCode] : 500);
    this.extra = options.extra ?? {};
    this.detail = options.detail ?? message;
  }
}

/** The sentence every part uses for an API key no account has. */
export function unknownApiKey(apiKey: string, known: readonly string[]): EmulatorError {
  return new EmulatorError('UNKNOWN_API_KEY', `Unknown apiKey "${apiKey}". Configured keys: ${known.join(', ')}.`);
}

/** An override that makes the payload break its schema; `field` is the dotted path, e.g. `customer_id`. */
export class OverrideError extends EmulatorError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('INVALID_OVERRIDE', message, { extra: { field } });
    this.name = 'OverrideError';
  }
}

/** `subject.customerId` / `subject.projectId` names nothing in the account's world. */
export class UnknownSubjectError extends EmulatorError {
  constructor(message: string) {
    super('UNKNOWN_SUBJECT', message);
    this.name = 'UnknownSubjectError';
  }
}

/** The subject exists but cannot take part in this event (e.g. signing an already signed project). */
export class InvalidSubjectError extends EmulatorError {
  constructor(message: string) {
    super('INVALID_SUBJECT', message, { status: ERROR_STATUS.SUBJECT_CONFLICT });
    this.name = 'InvalidSubjectError';
  }
}

/** Options or a config file that cannot be used; `problems` lists every one, by path. */
export class ConfigError extends EmulatorError {
  constructor(readonly problems: string[]) {
    super('INVALID_CONFIG', `Invalid solarproof-mock options:\n${problems.map((p) => `  - ${p}`).join('\n')}`, { extra: { problems } });
    this.name = 'ConfigError';
  }
}
