import { createRandom, type Random } from '../core/random.js';
import { makeAbn } from '../world/abn.js';

/**
 * Seeded stand-ins for personal data that keep its type, length and format: the same original
 * and seed always give the same fake, so one customer stays one customer across a capture file.
 */

export type PersonalKind = 'email' | 'phone' | 'abn' | 'name' | 'address';

const VOWELS = 'aeiou';
const CONSONANTS = 'bcdfghjklmnprstvwz';
/** Words an address keeps: they say what kind of place it is, not whose. */
const ADDRESS_WORDS = new Set(
  ['QLD', 'NSW', 'VIC', 'TAS', 'SA', 'WA', 'NT', 'ACT', 'Australia', 'St', 'Street', 'Rd', 'Road', 'Dr', 'Drive', 'Ave', 'Avenue', 'Ct', 'Court', 'Pl', 'Place', 'Cres', 'Crescent', 'Hwy', 'Highway', 'Pde', 'Parade', 'Tce', 'Terrace', 'Way', 'Ln', 'Lane', 'Cl', 'Close', 'Bvd', 'Blvd', 'Unit', 'Level', 'Lot', 'PO', 'Box'].map((w) => w.toLowerCase()),
);
const TLD_LABELS = new Set(['com', 'net', 'org', 'au', 'gov', 'edu', 'io', 'co', 'nz', 'uk', 'biz', 'info', 'id']);

/** Letters become pronounceable letters of the same case, digits other digits; the rest stays. */
function scramble(text: string, r: Random): string {
  let out = '';
  let vowelNext = r.next() < 0.5;
  for (const ch of text) {
    if (/[0-9]/.test(ch)) {
      out += String(r.int(0, 9));
    } else if (/[A-Za-z]/.test(ch)) {
      const pool = vowelNext ? VOWELS : CONSONANTS;
      const letter = pool[r.int(0, pool.length - 1)]!;
      out += ch === ch.toUpperCase() ? letter.toUpperCase() : letter;
      vowelNext = !vowelNext;
    } else {
      out += ch;
      vowelNext = r.next() < 0.5;
    }
  }
  return out;
}

function fakeEmail(original: string, r: Random): string {
  const at = original.lastIndexOf('@');
  const labels = original.slice(at + 1).split('.');
  // The public suffix (.com.au) stays, so the fake is still a plausible address of its kind.
  const domain = labels.map((l, i) => (i > 0 && TLD_LABELS.has(l.toLowerCase()) ? l : scramble(l, r))).join('.');
  return `${scramble(original.slice(0, at), r)}@${domain}`;
}

/** Every digit but the first two (04..., +61...) changes; spaces, brackets and + stay where they were. */
function fakePhone(original: string, r: Random): string {
  let seen = 0;
  return original.replace(/\d/g, (d) => (seen++ < 2 ? d : String(r.int(0, 9))));
}

/** A valid ABN (the ATO's checksum), its digits in the original's places ("12 345 678 901" stays grouped). */
function fakeAbn(original: string, r: Random): string {
  const abn = makeAbn(Array.from({ length: 9 }, () => r.int(0, 9)));
  let i = 0;
  return original.replace(/\d/g, () => abn[i++]!);
}

function fakeAddress(original: string, r: Random): string {
  return original
    .split(/(\s+|,)/)
    .map((token) => {
      if (token.trim() === '' || token === ',' || ADDRESS_WORDS.has(token.toLowerCase())) return token;
      // A postcode keeps its first digit (its state); a street number is any number of its length.
      if (/^\d{4}$/.test(token)) return token[0] + scramble(token.slice(1), r);
      return scramble(token, r);
    })
    .join('');
}

/**
 * The fake for `original` of `kind`, seeded by (seed, kind, original).
 *
 * @example fakeFor('email', 'ana.smith@gmail.com', 7) // e.g. 'uzo.kivam@zaweh.com' (same length, same shape)
 */
export function fakeFor(kind: PersonalKind, original: string, seed: number): string {
  const r = createRandom(seed).fork(`${kind}:${original}`);
  switch (kind) {
    case 'email':
      return fakeEmail(original, r);
    case 'phone':
      return fakePhone(original, r);
    case 'abn':
      return fakeAbn(original, r);
    case 'name':
      return scramble(original, r);
    case 'address':
      return fakeAddress(original, r);
    default: {
      const never: never = kind;
      throw new Error(`unknown kind ${String(never)}`);
    }
  }
}
