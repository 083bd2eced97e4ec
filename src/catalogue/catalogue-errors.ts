/**
 * Errors the catalogue and `emitEvents` throw when a request cannot be honoured. Each has a
 * stable `code` (the control API's problem `code`) and a message that says what to do.
 */
export type CatalogueErrorCode =
  | 'UNKNOWN_EVENT_TYPE'
  | 'INVALID_COUNT'
  | 'INVALID_OVERRIDE'
  | 'UNKNOWN_API_KEY'
  | 'UNKNOWN_SUBJECT'
  | 'INVALID_SUBJECT';

export class CatalogueError extends Error {
  constructor(
    readonly code: CatalogueErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CatalogueError';
  }
}

/** An override that makes the payload break its schema; `field` is the dotted path, e.g. `customer_id`. */
export class OverrideError extends CatalogueError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('INVALID_OVERRIDE', message);
    this.name = 'OverrideError';
  }
}

/** `subject.customerId` / `subject.projectId` names nothing in the account's world. */
export class UnknownSubjectError extends CatalogueError {
  constructor(message: string) {
    super('UNKNOWN_SUBJECT', message);
    this.name = 'UnknownSubjectError';
  }
}

/** The subject exists but cannot take part in this event (e.g. signing an already signed project). */
export class InvalidSubjectError extends CatalogueError {
  constructor(message: string) {
    super('INVALID_SUBJECT', message);
    this.name = 'InvalidSubjectError';
  }
}
