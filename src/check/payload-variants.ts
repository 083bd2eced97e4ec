/**
 * Variants of a real payload that Solar Proof may send and a receiver must take: fields it does
 * not know yet, nulls where a value may be empty, names outside ASCII, the largest realistic
 * bodies. Pure: each takes a rendered payload (one object, or a v2 array of objects) and returns
 * a new one.
 */

type Item = Record<string, unknown>;

/** Applies `change` to each object of the payload (the object itself, or each item of an array). */
function eachItem(payload: unknown, change: (item: Item) => Item): unknown {
  if (Array.isArray(payload)) return payload.map((item) => (isItem(item) ? change(item) : item));
  return isItem(payload) ? change(payload) : payload;
}

function isItem(value: unknown): value is Item {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Fields a later Solar Proof release might add: a receiver that rejects unknown fields breaks on its next deploy. */
export function withExtraFields(payload: unknown): unknown {
  return eachItem(payload, (item) => ({
    ...item,
    lead_source: 'Referral',
    custom_fields: { preferred_installer: 'North crew', roof_access: null },
    tags: ['battery-interest', 'follow-up'],
  }));
}

/** Fields Solar Proof documents as possibly empty (`""`), sent as `null` instead, and every other empty string too. */
const MAY_BE_EMPTY = ['phone_secondary', 'company_name', 'company_phone', 'abn', 'customer_notes', 'proposal_link', 'customer_phone_2', 'notes'];

export function withNulls(payload: unknown): unknown {
  return eachItem(payload, (item) => {
    const out: Item = {};
    for (const [k, v] of Object.entries(item)) out[k] = v === '' || MAY_BE_EMPTY.includes(k) ? null : v;
    return out;
  });
}

/** Names with a diaeresis, an apostrophe, accents and a non-Latin script, in every name field. */
export function withAwkwardNames(payload: unknown): unknown {
  return eachItem(payload, (item) => {
    const out: Item = { ...item };
    for (const [k, v] of Object.entries(item)) {
      if (typeof v !== 'string') continue;
      if (k === 'first_name' || k === 'customerfirstname') out[k] = 'Zoë';
      else if (k === 'surname' || k === 'customersurname' || k === 'last_name') out[k] = "O'Brien";
      else if (k === 'customer_name' || k === 'name') out[k] = "Zoë O'Brien";
      else if (k === 'company_name' || k === 'company_name_full') out[k] = "Nguyễn & D'Amico Solar Pty Ltd";
      else if (k === 'assigned_user_name') out[k] = 'José Muñoz-Łukasz';
      else if (/notes?$|message|text/.test(k)) out[k] = "Zoë's roof faces north-east; tile – 22° pitch. 屋根 ☀️";
    }
    return out;
  });
}

/** A note of realistic length (a long site-visit note), about `chars` characters. */
function longNote(chars: number): string {
  const sentence = 'Site visit: two-storey, Colorbond roof, north and west faces, switchboard upgrade needed, customer wants a 13.5 kWh battery and asked about the Cheaper Home Batteries rebate. ';
  return sentence.repeat(Math.ceil(chars / sentence.length)).slice(0, chars);
}

/**
 * The largest payload a busy account realistically sends: long free-text fields (4 000
 * characters) and, for a v2 array, 10 items: about 50 KB, under the 100 KB body limit that
 * Express and many frameworks apply by default.
 */
export function largest(payload: unknown): unknown {
  const grow = (item: Item): Item => {
    const out: Item = { ...item };
    let grown = false;
    for (const [k, v] of Object.entries(item)) {
      if (typeof v === 'string' && /notes?$|message|text|body/.test(k)) {
        out[k] = longNote(4000);
        grown = true;
      }
    }
    if (!grown) out.customer_notes = longNote(4000);
    return out;
  };
  if (Array.isArray(payload) && payload.length > 0) {
    const items = payload.filter(isItem).map(grow);
    return Array.from({ length: 10 }, (_, i) => items[i % items.length]);
  }
  return eachItem(payload, grow);
}
