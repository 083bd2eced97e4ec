import { describe, expect, it } from 'vitest';
import { DATA_HANDLERS } from './data-api.js';
import { DATA_ACTIONS, type DataActionName } from './data-actions.js';
import type { DataHandler, DataHandlers, DataOf, QueryOf } from './data-handler.js';
import { optionalText, queryParam } from './php-input.js';

// Type-level checks: `tsc` fails if an `@ts-expect-error` line below compiles.

const { createproject: _left, ...allButCreateproject } = DATA_HANDLERS;
// @ts-expect-error a handler map without createproject (an action of DATA_ACTIONS) does not compile
const missingOne: DataHandlers = allButCreateproject;

const extraOne: DataHandlers = {
  ...DATA_HANDLERS,
  // @ts-expect-error a handler for an action the table does not list does not compile
  getallprojects: () => [],
};

// @ts-expect-error the names come from the table: a misspelt action is not a DataActionName
const misspelt: DataActionName = 'getcustomerbyemail';

// @ts-expect-error getallcustomers documents `page` only: reading customer_email does not compile
const undocumentedQuery: DataHandler<'getallcustomers'> = ({ query }) => queryParam(query, 'customer_email');

// @ts-expect-error updatecustomer's data has no useremail (only createcustomer's has)
const undocumentedField: DataHandler<'updatecustomer'> = ({ data }) => optionalText(data(), 'useremail');

// A GET action has no body to read.
const noBody: (data: DataOf<'getprojectinfo'>) => never = (data) => data;
const projectQuery: QueryOf<'getprojectinfo'> = { project_id: '1', expanded: '1' };

describe('the data handler map', () => {
  it('has exactly one handler per action of DATA_ACTIONS', () => {
    expect(Object.keys(DATA_HANDLERS).sort()).toEqual(DATA_ACTIONS.map((a) => a.action).sort());
    expect([missingOne, extraOne, misspelt, undocumentedQuery, undocumentedField, noBody, projectQuery]).toHaveLength(7);
  });
});
