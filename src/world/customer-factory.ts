import type { Faker } from '@faker-js/faker';
import { makeAbn } from './abn.js';
import { auSurname } from './au-names.js';
import { AREA_CODES, pickPlace, type StateCode } from './au-places.js';
import type { Address, Customer, SalesUser } from './entities.js';
import type { CustomerStatusId, CustomerType } from '../core/customer-types.js';

const STREET_TYPES = ['St', 'Rd', 'Ave', 'Dr', 'Ct', 'Cres', 'Pl', 'Pde', 'Cl', 'Way', 'Tce'] as const;
const COMMON_STREETS = ['George', 'King', 'Victoria', 'Station', 'Church', 'High', 'Park', 'Railway', 'Beach', 'Hill', 'Bridge', 'Queen', 'Wattle', 'Banksia', 'Ocean View'] as const;
/** Reserved documentation domains (RFC 2606): no fake email can reach a real mailbox. */
export const EXAMPLE_DOMAINS = ['example.com', 'example.net', 'example.org'] as const;

const BUSINESSES = ['Engineering Pty Ltd', 'Plumbing Pty Ltd', 'Motors Pty Ltd', 'Hardware', 'Medical Centre', 'Joinery Pty Ltd', 'Transport Pty Ltd', 'Bakery', 'Electrical Services', 'Cabinets Pty Ltd', 'Physiotherapy', 'Auto Repairs'] as const;
const LARGE_SITES = ['Cold Stores Pty Ltd', 'Shopping Centre Pty Ltd', 'Farms Pty Ltd', 'Dairy Co-operative', 'Logistics Pty Ltd', 'Manufacturing Pty Ltd', 'Aquatic Centre', 'Winery Pty Ltd'] as const;
const RESIDENTIAL_NOTES = [
  'Interested in a battery as well. Best to call after 4pm.',
  'Referred by a neighbour. Wants to cut the summer bill.',
  'Has an old 1.5kW system to remove.',
  'Getting an EV next year; size for charging.',
  'Lead from Facebook campaign.',
  'Prefers email over calls.',
] as const;
const BUSINESS_NOTES = [
  'Daytime load heavy (refrigeration). Request 12 months of interval data.',
  'Site visit booked with the facilities manager.',
  'Board approval needed; send proposal before month end.',
  'Check network export limit with the DNSP.',
] as const;

export interface NewCustomer {
  id: number;
  type: CustomerType;
  status: CustomerStatusId;
  createdAt: number;
  assignedUser: SalesUser;
}

/** Lowercase letters and digits only, for email local parts and domain labels. */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** `n` random decimal digits (one draw: faker.string.numeric is several times slower per event). */
export function digits(faker: Faker, n: number): string {
  return String(faker.number.int({ min: 0, max: 10 ** n - 1 })).padStart(n, '0');
}

export function mobile(faker: Faker): string {
  return `04${digits(faker, 8)}`;
}

/** A mobile as people type it: mostly `0412345678`, sometimes spaced `0412 345 678`. */
export function personalMobile(faker: Faker): string {
  const m = mobile(faker);
  return faker.number.int({ min: 1, max: 4 }) === 1 ? `${m.slice(0, 4)} ${m.slice(4, 7)} ${m.slice(7)}` : m;
}

function landline(faker: Faker, state: StateCode): string {
  return `${AREA_CODES[state]}${faker.number.int({ min: 20_000_000, max: 99_999_999 })}`;
}

/** A business's number: a landline in the state's area code (sometimes spaced `02 9876 5432`) or a 1300 number. */
function businessPhone(faker: Faker, state: StateCode): string {
  const roll = faker.number.int({ min: 1, max: 10 });
  if (roll === 1) return `1300 ${digits(faker, 3)} ${digits(faker, 3)}`;
  const l = landline(faker, state);
  return roll <= 3 ? `${l.slice(0, 2)} ${l.slice(2, 6)} ${l.slice(6)}` : l;
}

export function address(faker: Faker): Address {
  const place = pickPlace(faker);
  const name = faker.number.int({ min: 0, max: 9 }) < 7 ? auSurname(faker).replace("'", '') : faker.helpers.arrayElement(COMMON_STREETS);
  return {
    streetNum: String(faker.number.int({ min: 1, max: 240 })),
    street: `${name} ${faker.helpers.arrayElement(STREET_TYPES)}`,
    suburb: place.suburb,
    state: place.state,
    postcode: place.postcode,
    country: 'Australia',
  };
}

function companyName(faker: Faker, type: CustomerType, surname: string, suburb: string): string {
  switch (type) {
    case 'RESIDENTIAL':
      return '';
    case 'COMMERCIAL':
      return `${surname} ${faker.helpers.arrayElement(BUSINESSES)}`;
    case 'LARGE-SCALE':
      return `${faker.datatype.boolean() ? suburb : surname} ${faker.helpers.arrayElement(LARGE_SITES)}`;
    default: {
      const never: never = type;
      throw new Error(`unknown customer type ${String(never)}`);
    }
  }
}

/** Makes one customer; every field is consistent (company data only for business customers). */
export function createCustomer(faker: Faker, c: NewCustomer): Customer {
  const firstName = faker.person.firstName();
  const surname = auSurname(faker);
  const site = address(faker);
  const business = c.type !== 'RESIDENTIAL';
  const company = companyName(faker, c.type, surname, site.suburb);
  const domain = faker.helpers.arrayElement(EXAMPLE_DOMAINS);
  const email = business
    ? `${slug(firstName)}@${slug(company.replace(/ (Pty Ltd|Co-operative)$/, ''))}.${domain}`
    : `${slug(firstName)}.${slug(surname)}${faker.number.int({ min: 0, max: 3 }) === 0 ? faker.number.int({ min: 1, max: 99 }) : ''}@${domain}`;
  const secondaryRoll = faker.number.int({ min: 1, max: 20 });
  return {
    id: c.id,
    uid: faker.number.int({ min: 0, max: 0xffff_ffff }).toString(16).padStart(8, '0'),
    firstName,
    surname,
    email,
    phonePrimary: personalMobile(faker),
    phoneSecondary: secondaryRoll <= 12 ? '' : secondaryRoll <= 17 ? mobile(faker) : landline(faker, site.state),
    type: c.type,
    companyName: company,
    companyPhone: business ? businessPhone(faker, site.state) : '',
    abn: business ? makeAbn(Array.from({ length: 9 }, () => faker.number.int({ min: 0, max: 9 }))) : '',
    gstRegistered: business && faker.number.int({ min: 1, max: 10 }) <= 9 ? 1 : 0,
    status: c.status,
    address: site,
    createdAt: c.createdAt,
    notes: faker.number.int({ min: 1, max: 10 }) <= 6 ? '' : faker.helpers.arrayElement(business ? BUSINESS_NOTES : RESIDENTIAL_NOTES),
    assignedUser: c.assignedUser,
    projectIds: [],
  };
}

/** `45 Thuringowa Dr, Kirwan QLD 4817, Australia` (the documented `site_address` format). */
export function formatAddress(a: Address): string {
  const street = `${a.streetNum} ${a.street}`.trim();
  return `${street ? `${street}, ` : ''}${a.suburb} ${a.state} ${a.postcode}, ${a.country}`;
}

export function customerName(c: Customer): string {
  return `${c.firstName} ${c.surname}`;
}
