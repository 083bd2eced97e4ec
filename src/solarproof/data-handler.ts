/**
 * What a data action's handler receives and returns, typed by its entry of `DATA_ACTIONS`: the
 * query parameters and `data` fields it may read are the ones the table documents for it, so a
 * handler that reads an undocumented parameter does not compile.
 */
import type { z } from 'zod';
import type { Account } from '../core/account.js';
import type { AccountEvent } from '../core/event.js';
import type { EventType } from '../core/event-types.js';
import type { SubjectRequest } from '../core/subject.js';
import type { CustomerFields, ProjectFields } from '../core/written-fields.js';
import type { Customer, Project, SalesUser } from '../world/entities.js';
import type { DataActionEntry, DataActionName } from './data-actions.js';

/** One account's part of the world, as the data API reads it. */
export interface DataAccountWorld {
  readonly account: Account;
  readonly users: readonly SalesUser[];
  readonly customers: ReadonlyMap<number, Customer>;
  readonly projects: ReadonlyMap<number, Project>;
}

/** What the data actions read and call. */
export interface DataApiDeps {
  accounts: { get(apiKey: string): Account | undefined };
  /** The world in force (a reset replaces it). */
  world(): {
    find(apiKey: string): DataAccountWorld | undefined;
    /** Every account's part of the world (PERMISSION_DENIED tells another account's customer from none). */
    accounts(): readonly DataAccountWorld[];
    deleteCustomer(apiKey: string, customerId: number): boolean;
    updateCustomer(apiKey: string, customerId: number, fields: CustomerFields): Customer | undefined;
    createProject(apiKey: string, customerId: number, fields: ProjectFields): Project;
  };
  /** The event trigger: writes that cause webhooks make their events happen through it. */
  trigger(request: { type: EventType; apiKey: string; subject: SubjectRequest }): { events: AccountEvent[] };
  /** Hears of every data-action call with a known key and its answer's status (the receiver check records callbacks). */
  onCall?(call: { apiKey: string; action: DataActionName; method: string; status: number }): void;
  /** `payloadStyle` in force: `php` answers with PHP's default json_encode escaping (`\/`, `\uXXXX`). */
  payloadStyle?(): 'json' | 'php';
}

/**
 * The query parameters the table documents for `A` (besides `action` and `api_key`), unparsed:
 * PHP reads them last-wins and `key[]=` is an array, so `php-input.ts` reads each one.
 */
export type QueryOf<A extends DataActionName> = { readonly [K in keyof z.input<DataActionEntry<A>['query']>]?: unknown };

/** The fields of the body's `data` object the table documents for `A`, unparsed; `never` for an action without a body. */
export type DataOf<A extends DataActionName> =
  DataActionEntry<A> extends { body: infer B extends z.ZodType }
    ? { readonly [K in keyof Exclude<z.input<B> extends { data: infer D } ? D : never, string>]?: unknown }
    : never;

/** One request to action `A`, after the method and the API key were checked. */
export interface DataRequest<A extends DataActionName> {
  /** The key's part of the world. */
  readonly w: DataAccountWorld;
  readonly apiKey: string;
  readonly query: QueryOf<A>;
  /** The body's `data` object, read (and checked) on the first call: a bad body fails only an action that reads it. */
  readonly data: () => DataOf<A>;
}

/** Answers action `A` with status 200 and the returned body, or throws an `spError` (php-input.ts). */
export type DataHandler<A extends DataActionName> = (req: DataRequest<A>, deps: DataApiDeps) => unknown;

/** One handler per data action, no more, no fewer. */
export type DataHandlers = { readonly [A in DataActionName]: DataHandler<A> };
