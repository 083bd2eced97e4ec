/**
 * Real Australian suburbs with their state and postcode, so a site address always reads true
 * (solarproof-api.md section 8). Weighted towards the states with the most rooftop solar.
 */
import type { Faker } from '@faker-js/faker';

export const STATE_CODES = ['NSW', 'VIC', 'QLD', 'WA', 'SA', 'TAS', 'ACT', 'NT'] as const;
export type StateCode = (typeof STATE_CODES)[number];

export interface Place {
  suburb: string;
  state: StateCode;
  postcode: string;
}

const SUBURBS: Record<StateCode, ReadonlyArray<readonly [string, string]>> = {
  NSW: [
    ['Parramatta', '2150'], ['Penrith', '2750'], ['Blacktown', '2148'], ['Castle Hill', '2154'],
    ['Newcastle', '2300'], ['Maitland', '2320'], ['Wollongong', '2500'], ['Gosford', '2250'],
    ['Port Macquarie', '2444'], ['Coffs Harbour', '2450'], ['Tamworth', '2340'], ['Dubbo', '2830'],
    ['Wagga Wagga', '2650'], ['Orange', '2800'], ['Bathurst', '2795'], ['Albury', '2640'],
    ['Campbelltown', '2560'], ['Liverpool', '2170'], ['Hornsby', '2077'], ['Cronulla', '2230'],
  ],
  VIC: [
    ['Geelong', '3220'], ['Ballarat', '3350'], ['Bendigo', '3550'], ['Frankston', '3199'],
    ['Werribee', '3030'], ['Dandenong', '3175'], ['Ringwood', '3134'], ['Box Hill', '3128'],
    ['Shepparton', '3630'], ['Mildura', '3500'], ['Traralgon', '3844'], ['Warrnambool', '3280'],
    ['Craigieburn', '3064'], ['Point Cook', '3030'], ['Glen Waverley', '3150'],
  ],
  QLD: [
    ['Kirwan', '4817'], ['Townsville', '4810'], ['Cairns', '4870'], ['Toowoomba', '4350'],
    ['Ipswich', '4305'], ['Springfield Lakes', '4300'], ['Caboolture', '4510'], ['Maroochydore', '4558'],
    ['Southport', '4215'], ['Robina', '4226'], ['Bundaberg', '4670'], ['Rockhampton', '4700'],
    ['Mackay', '4740'], ['Pialba', '4655'], ['Chermside', '4032'],
  ],
  WA: [
    ['Joondalup', '6027'], ['Rockingham', '6168'], ['Mandurah', '6210'], ['Bunbury', '6230'],
    ['Midland', '6056'], ['Armadale', '6112'], ['Baldivis', '6171'], ['Ellenbrook', '6069'],
    ['Geraldton', '6530'], ['Busselton', '6280'], ['Kalgoorlie', '6430'],
  ],
  SA: [
    ['Mount Barker', '5251'], ['Salisbury', '5108'], ['Elizabeth', '5112'], ['Morphett Vale', '5162'],
    ['Golden Grove', '5125'], ['Mount Gambier', '5290'], ['Victor Harbor', '5211'], ['Whyalla', '5600'],
    ['Glenelg', '5045'], ['Modbury', '5092'],
  ],
  TAS: [
    ['Launceston', '7250'], ['Devonport', '7310'], ['Burnie', '7320'], ['Kingston', '7050'],
    ['Glenorchy', '7010'], ['Sandy Bay', '7005'],
  ],
  ACT: [['Kambah', '2902'], ['Ngunnawal', '2913'], ['Bruce', '2617'], ['Gungahlin', '2912'], ['Phillip', '2606']],
  NT: [['Palmerston', '0830'], ['Casuarina', '0810'], ['Alice Springs', '0870'], ['Katherine', '0850'], ['Nightcliff', '0810']],
};

/** Relative share of new customers per state (roughly the rooftop solar market). */
const STATE_WEIGHTS: ReadonlyArray<{ value: StateCode; weight: number }> = [
  { value: 'NSW', weight: 28 }, { value: 'QLD', weight: 26 }, { value: 'VIC', weight: 22 }, { value: 'WA', weight: 10 },
  { value: 'SA', weight: 9 }, { value: 'TAS', weight: 2 }, { value: 'ACT', weight: 2 }, { value: 'NT', weight: 1 },
];

/** Postcode ranges per state (Australia Post), used to check addresses. */
const POSTCODE_RANGES: Record<StateCode, ReadonlyArray<readonly [number, number]>> = {
  NSW: [[2000, 2599], [2619, 2899], [2921, 2999]],
  ACT: [[2600, 2618], [2900, 2920]],
  VIC: [[3000, 3999]],
  QLD: [[4000, 4999]],
  SA: [[5000, 5799]],
  WA: [[6000, 6797]],
  TAS: [[7000, 7799]],
  NT: [[800, 899]],
};

/** Landline area code per state, for company phones. */
export const AREA_CODES: Record<StateCode, string> = {
  NSW: '02', ACT: '02', VIC: '03', TAS: '03', QLD: '07', SA: '08', WA: '08', NT: '08',
};

/** Clean Energy Regulator zone ratings (MWh per kW over a year): zone 1 is the sunniest. */
const ZONE_RATING = { 1: 1.622, 2: 1.536, 3: 1.382, 4: 1.185 } as const;
export type StcZone = keyof typeof ZONE_RATING;

/**
 * STC zones by postcode range, after the Clean Energy Regulator's postcode zone table, for the
 * postcodes the world uses (docs/decisions/0012): Victoria and Tasmania are zone 4 but Sunraysia
 * (Mildura) is zone 3; the Top End is zone 2 and central Australia (Alice Springs) zone 1; the
 * Pilbara and Kimberley are zone 2. A postcode outside every range is zone 3, the common one.
 */
const ZONE_RANGES: ReadonlyArray<readonly [lo: number, hi: number, zone: StcZone]> = [
  [800, 869, 2], [870, 875, 1], [876, 899, 2],
  [3000, 3499, 4], [3500, 3509, 3], [3510, 3999, 4],
  [7000, 7799, 4],
  [4825, 4825, 1],
  [6700, 6799, 2],
];

/** The STC zone of a postcode (zone 3 when no range names it). */
export function stcZone(postcode: string): StcZone {
  const n = Number(postcode);
  return ZONE_RANGES.find(([lo, hi]) => n >= lo && n <= hi)?.[2] ?? 3;
}

/** The zone rating the STC count of a site uses. */
export function stcZoneRating(postcode: string): number {
  return ZONE_RATING[stcZone(postcode)];
}

/** Capital cities: not picked for new customers (suburbs are), but a written site may name them. */
const CAPITALS: readonly Place[] = [
  { suburb: 'Sydney', state: 'NSW', postcode: '2000' }, { suburb: 'Melbourne', state: 'VIC', postcode: '3000' },
  { suburb: 'Brisbane', state: 'QLD', postcode: '4000' }, { suburb: 'Perth', state: 'WA', postcode: '6000' },
  { suburb: 'Adelaide', state: 'SA', postcode: '5000' }, { suburb: 'Hobart', state: 'TAS', postcode: '7000' },
  { suburb: 'Canberra', state: 'ACT', postcode: '2600' }, { suburb: 'Darwin', state: 'NT', postcode: '0800' },
];

/** Every place the world knows: its suburbs and the capitals. */
export const KNOWN_PLACES: readonly Place[] = [
  ...STATE_CODES.flatMap((state) => SUBURBS[state].map(([suburb, postcode]) => ({ suburb, state, postcode }))),
  ...CAPITALS,
];

/** The known places matching what was written (suburb case-insensitive; state and postcode when given). */
export function findPlaces(w: { suburb?: string | undefined; state?: string | undefined; postcode?: string | undefined }): Place[] {
  const suburb = w.suburb?.trim().toLowerCase();
  return KNOWN_PLACES.filter((p) => (suburb === undefined || p.suburb.toLowerCase() === suburb) && (w.state === undefined || p.state === w.state) && (w.postcode === undefined || p.postcode === w.postcode));
}

export function pickPlace(faker: Faker): Place {
  const state = faker.helpers.weightedArrayElement(STATE_WEIGHTS);
  const [suburb, postcode] = faker.helpers.arrayElement(SUBURBS[state]);
  return { suburb, state, postcode };
}

/** True when `postcode` lies in one of `state`'s Australia Post ranges. */
export function postcodeMatchesState(postcode: string, state: string): boolean {
  const ranges = POSTCODE_RANGES[state as StateCode];
  if (!ranges || !/^\d{4}$/.test(postcode)) return false;
  const n = Number(postcode);
  return ranges.some(([lo, hi]) => n >= lo && n <= hi);
}

export function isStateCode(s: string): s is StateCode {
  return (STATE_CODES as readonly string[]).includes(s);
}
