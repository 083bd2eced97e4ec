import type { Faker } from '@faker-js/faker';
import { digits } from './customer-factory.js';
import { stcZoneRating, type StateCode } from './au-places.js';
import type { SiteDetails, SystemDesign } from './entities.js';
import type { CustomerType } from '../core/customer-types.js';
import {
  BATTERIES,
  BATTERY_PROGRAM_CHANCE,
  BATTERY_PROGRAM_START,
  batteryFits,
  batteryStcFactor,
  STC_DEEMING_YEARS,
  BATTERY_STC_MAX_KWH,
  COMMERCIAL_INVERTERS,
  COMMERCIAL_PANELS,
  FINANCE_TYPES,
  PANELS,
  RESIDENTIAL_INVERTERS,
  RETAILERS,
  ROOF_HEIGHTS,
  ROOF_TYPES,
  SIZING,
  STC_LIMIT_KW,
  STC_PRICE,
  type Inverter,
} from './solar-products.js';

/** Inverters may be undersized to 75 % of the array (the CEC's 133 % oversizing rule). */
const OVERSIZE = 1.33;
/** National Meter Identifier prefixes by state (the distributor's range). */
const NMI_PREFIX: Record<StateCode, string> = { NSW: '41', ACT: '70', VIC: '61', QLD: '31', SA: '20', WA: '80', TAS: '79', NT: '25' };
const STATE_RETAILER: Partial<Record<StateCode, string>> = { WA: 'Synergy', TAS: 'Aurora Energy', NT: 'Jacana Energy' };

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** The AC/DC ratio an inverter choice must keep: at most 133 % DC on AC, and no more AC than DC. */
const MIN_AC_RATIO = 1 / OVERSIZE;
const MAX_AC_RATIO = 1.0;

/** How many of `inv` fit a `dcKw` array inside the ratio band, or 0 when none does. */
function fittingQty(inv: Inverter, dcKw: number): number {
  const qty = Math.max(1, Math.ceil((dcKw * MIN_AC_RATIO - 1e-9) / inv.kw));
  return qty * inv.kw <= dcKw * MAX_AC_RATIO + 1e-9 ? qty : 0;
}

/** An inverter (and how many) for the array on this supply: AC between 0.75 and 1.0 of DC. */
function chooseInverter(faker: Faker, type: CustomerType, phase: 'Single' | 'Three', dcKw: number): { inverter: Inverter; qty: number } {
  const range = type === 'RESIDENTIAL' ? RESIDENTIAL_INVERTERS.filter((i) => i.phase === phase) : COMMERCIAL_INVERTERS;
  const fits = range.map((inverter) => ({ inverter, qty: fittingQty(inverter, dcKw) })).filter((f) => f.qty > 0 && (type !== 'RESIDENTIAL' || f.qty === 1));
  if (fits.length > 0) return faker.helpers.arrayElement(fits);
  // No model fits exactly (not reached with the ranges above): the closest to 0.9 of the array.
  const best = [...range].sort((a, b) => Math.abs(a.kw - dcKw * 0.9) - Math.abs(b.kw - dcKw * 0.9))[0]!;
  return { inverter: best, qty: Math.max(1, Math.round((dcKw * 0.9) / best.kw)) };
}

/**
 * A quoted system whose numbers agree: size = panels x wattage, an inverter on the site's supply
 * phase with AC between 0.75 and 1.0 of the array, price per kW in the market band for the
 * customer type, STCs from the state's zone rating, and (for quotes dated from 1 July 2025) home
 * batteries discounted through the Cheaper Home Batteries Program's STCs.
 */
export function designSystem(faker: Faker, type: CustomerType, site: { state: StateCode; postcode: string }, phase: 'Single' | 'Three' = type === 'RESIDENTIAL' ? 'Single' : 'Three', quotedAt = 0): SystemDesign {
  const sizing = SIZING[type];
  const panel = faker.helpers.arrayElement(type === 'RESIDENTIAL' ? PANELS : COMMERCIAL_PANELS);
  const targetKw = faker.number.float({ min: sizing.minKw, max: sizing.maxKw, fractionDigits: 2 });
  // Whole panels, kept inside the size band for the customer type.
  const panelQty = Math.min(
    Math.floor((sizing.maxKw * 1000) / panel.watts),
    Math.max(Math.ceil((sizing.minKw * 1000) / panel.watts), Math.round((targetKw * 1000) / panel.watts)),
  );
  const systemSize = round2((panelQty * panel.watts) / 1000);
  const { inverter, qty: inverterQty } = chooseInverter(faker, type, type === 'RESIDENTIAL' ? phase : 'Three', systemSize);

  const inProgram = type !== 'LARGE-SCALE' && quotedAt >= BATTERY_PROGRAM_START;
  const batteryChance = sizing.batteryChance + (inProgram && type === 'RESIDENTIAL' ? BATTERY_PROGRAM_CHANCE : 0);
  const withBattery = faker.number.float({ min: 0, max: 1 }) < batteryChance;
  // Only a battery the inverter can work with (an HV DC battery needs a hybrid of its brands).
  const battery = withBattery ? faker.helpers.arrayElement(BATTERIES.filter((b) => batteryFits(b, inverter))) : undefined;
  const batteryQty = battery ? (type === 'RESIDENTIAL' ? 1 : faker.number.int({ min: 1, max: 3 })) : 0;

  const perKw = faker.number.int({ min: sizing.minPerKw, max: sizing.maxPerKw });
  const totalPrice = Math.round((systemSize * perKw + (battery ? battery.price * batteryQty : 0)) / 10) * 10;
  const stcs = systemSize <= STC_LIMIT_KW ? Math.floor(systemSize * stcZoneRating(site.postcode) * STC_DEEMING_YEARS) : 0;
  const batteryStcs = battery && inProgram ? Math.floor(Math.min(battery.kwh * batteryQty, BATTERY_STC_MAX_KWH) * batteryStcFactor(quotedAt)) : 0;
  const batteryStcValue = batteryStcs * STC_PRICE;
  const stcValue = stcs * STC_PRICE + batteryStcValue;
  return {
    panelType: panel.name,
    panelWattage: panel.watts,
    panelQty,
    inverterType: inverter.name,
    inverterQty,
    batteryId: battery?.id ?? 0,
    batteryType: battery?.name ?? '',
    batteryQty,
    systemSize,
    totalPrice,
    stcValue,
    batteryStcValue,
    afterRebateCost: totalPrice - stcValue,
  };
}

/** The site survey answers on a quote: roof, meter and usage. */
export function siteDetails(faker: Faker, type: CustomerType, state: StateCode): SiteDetails {
  const residential = type === 'RESIDENTIAL';
  const phaseSupply = residential && faker.number.int({ min: 1, max: 10 }) <= 8 ? 'Single' : 'Three';
  const exportLimit = residential
    ? phaseSupply === 'Single' ? (state === 'SA' ? 1.5 : 5) : 15
    : faker.helpers.arrayElement(type === 'COMMERCIAL' ? [0, 30, 50] : [0, 100]);
  return {
    roofType: faker.helpers.arrayElement(residential ? ROOF_TYPES.slice(0, 3) : ROOF_TYPES.slice(3)),
    roofHeight: faker.helpers.weightedArrayElement(ROOF_HEIGHTS.map((value, i) => ({ value, weight: residential ? [6, 3, 1][i]! : [8, 2, 0][i]! })).filter((o) => o.weight > 0)),
    energyRetailer: STATE_RETAILER[state] ?? faker.helpers.arrayElement(RETAILERS),
    nmi: `${NMI_PREFIX[state]}${digits(faker, 8)}`,
    meterNumber: `${String.fromCharCode(65 + faker.number.int({ min: 0, max: 25 }))}${digits(faker, 7)}`,
    phaseSupply,
    dailyKwhUse: residential
      ? faker.number.int({ min: 12, max: 45 })
      : type === 'COMMERCIAL' ? faker.number.int({ min: 150, max: 900 }) : faker.number.int({ min: 2_000, max: 15_000 }),
    costPerKwh: faker.number.float({ min: residential ? 0.27 : 0.19, max: residential ? 0.42 : 0.31, fractionDigits: 2 }),
    exportLimit,
    financeType: faker.helpers.arrayElement(FINANCE_TYPES[type]),
  };
}

/**
 * Where the published proposal PDF lives: the documented relative form
 * `/uploads/pdfs/<id>/proposal_<id>.pdf`, or absolute under `base` (`world.proposalLinkBase`).
 */
export function proposalLink(projectId: number, base: string | null = null): string {
  const path = `/uploads/pdfs/${projectId}/proposal_${projectId}.pdf`;
  return base ? `${base.replace(/\/+$/, '')}${path}` : path;
}
