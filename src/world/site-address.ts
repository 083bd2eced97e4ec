/**
 * A project's site from what createproject wrote: the missing parts come from the world's list of
 * places (suburb -> state and postcode, postcode -> suburb), never from the customer's address.
 */
import type { WrittenAddress } from '../core/written-fields.js';
import { findPlaces, isStateCode, postcodeMatchesState } from './au-places.js';
import type { Address } from './entities.js';

/** A site that could not be completed: the `site_*` field to fix and why. */
export interface SiteProblem {
  field: 'site_suburb' | 'site_state' | 'site_postcode';
  message: string;
}

/**
 * The full site, or the problem with what was written.
 *
 * @example completeSite({ street: 'Mono Drive', suburb: 'Brisbane' }) // { ..., suburb: 'Brisbane', state: 'QLD', postcode: '4000' }
 */
export function completeSite(w: WrittenAddress): Address | SiteProblem {
  const state = w.state?.toUpperCase();
  if (state !== undefined && !isStateCode(state)) return { field: 'site_state', message: `Invalid value for field 'site_state': "${w.state}" is not an Australian state code (NSW, VIC, QLD, WA, SA, TAS, ACT, NT)` };
  if (w.postcode !== undefined && !/^\d{4}$/.test(w.postcode)) return { field: 'site_postcode', message: `Invalid value for field 'site_postcode': expected 4 digits, got "${w.postcode}"` };
  if (state !== undefined && w.postcode !== undefined && !postcodeMatchesState(w.postcode, state)) {
    return { field: 'site_postcode', message: `Invalid value for field 'site_postcode': ${w.postcode} is not a ${state} postcode` };
  }
  const street = { streetNum: w.streetNum ?? '', street: w.street ?? '', country: 'Australia' as const };
  if (w.suburb !== undefined && state !== undefined && w.postcode !== undefined) return { ...street, suburb: w.suburb, state, postcode: w.postcode };
  if (w.suburb === undefined && w.postcode === undefined) {
    return { field: 'site_suburb', message: "Required field 'site_suburb' is missing: a site with only a street cannot be placed (send site_suburb, or site_postcode)" };
  }
  const place = findPlaces({ suburb: w.suburb, state, postcode: w.postcode })[0];
  if (!place) {
    const what = w.suburb !== undefined ? `unknown suburb "${w.suburb}"${state ? ` in ${state}` : ''}` : `unknown postcode ${w.postcode}`;
    return { field: w.suburb !== undefined ? 'site_suburb' : 'site_postcode', message: `Invalid value for field '${w.suburb !== undefined ? 'site_suburb' : 'site_postcode'}': ${what}; send site_suburb, site_state and site_postcode together` };
  }
  return { ...street, suburb: w.suburb ?? place.suburb, state: place.state, postcode: place.postcode };
}

export function isSiteProblem(a: Address | SiteProblem): a is SiteProblem {
  return 'field' in a;
}
