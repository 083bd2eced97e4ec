/**
 * Panels, inverters and batteries that Australian installers actually quote (CEC-listed makes),
 * with realistic wattages and capacities. Names read as they do on a quote.
 */
import type { CustomerType } from '../core/customer-types.js';

export interface Panel {
  name: string;
  watts: number;
}

export const PANELS: readonly Panel[] = [
  { name: 'Jinko Tiger Neo N-Type 440W', watts: 440 },
  { name: 'Trina Vertex S+ 440W', watts: 440 },
  { name: 'LONGi Hi-MO 6 Explorer 435W', watts: 435 },
  { name: 'REC Alpha Pure-R 430W', watts: 430 },
  { name: 'Aiko Neostar 2P 460W', watts: 460 },
  { name: 'JA Solar DeepBlue 4.0 Pro 440W', watts: 440 },
  { name: 'Canadian Solar TOPBiHiKu6 440W', watts: 440 },
  { name: 'Qcells Q.TRON M-G2+ 425W', watts: 425 },
  { name: 'Maxeon 6 MAX 440W', watts: 440 },
];

/** Larger-format panels used on commercial and large-scale jobs. */
export const COMMERCIAL_PANELS: readonly Panel[] = [
  { name: 'Jinko Tiger Neo N-Type 580W', watts: 580 },
  { name: 'Trina Vertex N 595W', watts: 595 },
  { name: 'LONGi Hi-MO 7 580W', watts: 580 },
  { name: 'JA Solar DeepBlue 4.0 Pro 590W', watts: 590 },
];

export interface Inverter {
  name: string;
  /** Rated AC output, kW. */
  kw: number;
  /** The supply it connects to: three-phase models need a three-phase site. */
  phase: 'Single' | 'Three';
  /** A hybrid inverter has a battery port: a high-voltage DC battery needs one. */
  hybrid?: true;
}

/**
 * Home inverters by supply phase, sized so that every residential array (3-13 kW) finds one with
 * AC between 0.75 and 1.0 of the DC array (the 133 % oversizing rule) on either supply.
 */
export const RESIDENTIAL_INVERTERS: readonly Inverter[] = [
  { name: 'Fronius Primo GEN24 3.0 Plus', kw: 3, phase: 'Single', hybrid: true },
  { name: 'Sungrow SG3.0RS', kw: 3, phase: 'Single' },
  { name: 'Sungrow SG4.0RS', kw: 4, phase: 'Single' },
  { name: 'Fronius Primo GEN24 4.0 Plus', kw: 4, phase: 'Single', hybrid: true },
  { name: 'Fronius Primo GEN24 5.0 Plus', kw: 5, phase: 'Single', hybrid: true },
  { name: 'SMA Sunny Boy 5.0', kw: 5, phase: 'Single' },
  { name: 'Sungrow SG5.0RS', kw: 5, phase: 'Single' },
  { name: 'Sungrow SH5.0RS Hybrid', kw: 5, phase: 'Single', hybrid: true },
  { name: 'GoodWe GW5000-EH Hybrid', kw: 5, phase: 'Single', hybrid: true },
  { name: 'Huawei SUN2000-5KTL-L1', kw: 5, phase: 'Single' },
  { name: 'SMA Sunny Boy 6.0', kw: 6, phase: 'Single' },
  { name: 'GoodWe GW6000-EH Hybrid', kw: 6, phase: 'Single', hybrid: true },
  { name: 'Sungrow SG8.0RS', kw: 8, phase: 'Single' },
  { name: 'Sungrow SG10RS', kw: 10, phase: 'Single' },
  { name: 'SMA Sunny Tripower 3.0', kw: 3, phase: 'Three' },
  { name: 'Fronius Symo GEN24 4.0 Plus', kw: 4, phase: 'Three', hybrid: true },
  { name: 'Fronius Symo GEN24 5.0 Plus', kw: 5, phase: 'Three', hybrid: true },
  { name: 'Sungrow SG5.0RT', kw: 5, phase: 'Three' },
  { name: 'SMA Sunny Tripower 6.0', kw: 6, phase: 'Three' },
  { name: 'Fronius Symo GEN24 8.0 Plus', kw: 8, phase: 'Three', hybrid: true },
  { name: 'SolarEdge SE8K-AUS', kw: 8, phase: 'Three' },
  { name: 'Fronius Symo GEN24 10.0 Plus', kw: 10, phase: 'Three', hybrid: true },
  { name: 'SMA Sunny Tripower 10.0', kw: 10, phase: 'Three' },
  { name: 'Sungrow SH10RT Hybrid', kw: 10, phase: 'Three', hybrid: true },
  { name: 'Huawei SUN2000-10KTL-M1', kw: 10, phase: 'Three' },
];

/** Three-phase commercial inverters (every commercial and large-scale site is three-phase). */
export const COMMERCIAL_INVERTERS: readonly Inverter[] = [
  { name: 'Fronius Tauro 50-3-D', kw: 50, phase: 'Three' },
  { name: 'GoodWe GW50K-SMT', kw: 50, phase: 'Three' },
  { name: 'Huawei SUN2000-30KTL-M3', kw: 30, phase: 'Three' },
  { name: 'Sungrow SG33CX', kw: 33, phase: 'Three' },
  { name: 'Fronius Symo 20.0-3-M', kw: 20, phase: 'Three' },
  { name: 'SMA Sunny Tripower CORE2 110', kw: 110, phase: 'Three' },
  { name: 'Sungrow SG110CX', kw: 110, phase: 'Three' },
  { name: 'Huawei SUN2000-100KTL-M2', kw: 100, phase: 'Three' },
];

export interface Battery {
  /** Solar Proof's `battery_id` for this model in the fake catalogue. */
  id: number;
  name: string;
  kwh: number;
  /** AUD incl. GST, installed. */
  price: number;
  /**
   * How it connects: `hv-dc` to a hybrid inverter's battery port (of the brands in `hybridBrands`);
   * `ac` and `all-in-one` (with their own inverter) beside any inverter.
   */
  coupling: 'hv-dc' | 'ac' | 'all-in-one';
  hybridBrands?: readonly string[];
}

export const BATTERIES: readonly Battery[] = [
  { id: 11, name: 'Tesla Powerwall 3 13.5kWh', kwh: 13.5, price: 13_900, coupling: 'all-in-one' },
  { id: 12, name: 'BYD Battery-Box Premium HVM 11.0kWh', kwh: 11, price: 10_800, coupling: 'hv-dc', hybridBrands: ['Fronius', 'GoodWe'] },
  { id: 13, name: 'Sungrow SBR096 9.6kWh', kwh: 9.6, price: 8_900, coupling: 'hv-dc', hybridBrands: ['Sungrow'] },
  { id: 14, name: 'Alpha ESS SMILE-G3 10.1kWh', kwh: 10.1, price: 9_400, coupling: 'all-in-one' },
  { id: 15, name: 'Enphase IQ Battery 5P 5kWh', kwh: 5, price: 6_200, coupling: 'ac' },
  { id: 16, name: 'sonnenBatterie 10 Performance 10kWh', kwh: 10, price: 12_500, coupling: 'all-in-one' },
];

/** True when `battery` works with `inverter`: an HV DC battery only on a hybrid of its brands. */
export function batteryFits(battery: Battery, inverter: Inverter): boolean {
  if (battery.coupling !== 'hv-dc') return true;
  return inverter.hybrid === true && (battery.hybridBrands ?? []).some((brand) => inverter.name.startsWith(brand));
}

/** System size bounds in kW (solarproof-api.md section 8) and installed price per kW incl. GST. */
export const SIZING: Record<CustomerType, { minKw: number; maxKw: number; minPerKw: number; maxPerKw: number; batteryChance: number }> = {
  RESIDENTIAL: { minKw: 3, maxKw: 13, minPerKw: 900, maxPerKw: 1_350, batteryChance: 0.3 },
  COMMERCIAL: { minKw: 30, maxKw: 100, minPerKw: 850, maxPerKw: 1_150, batteryChance: 0.1 },
  'LARGE-SCALE': { minKw: 150, maxKw: 1_000, minPerKw: 700, maxPerKw: 950, batteryChance: 0 },
};

/** STC (small-scale technology certificate) market price, AUD; STCs stop at 100 kW. */
export const STC_PRICE = 38;
export const STC_LIMIT_KW = 100;
/** Deeming years for a system installed in 2026 (the scheme ends in 2030). */
export const STC_DEEMING_YEARS = 5;

export const ROOF_TYPES = ['Tin (Colorbond)', 'Tile (Concrete)', 'Tile (Terracotta)', 'Klip-Lok', 'Flat (Tilted frames)'] as const;
export const ROOF_HEIGHTS = ['Single storey', 'Double storey', 'Three storey+'] as const;
export const FINANCE_TYPES: Record<CustomerType, readonly string[]> = {
  RESIDENTIAL: ['Cash', 'Green Loan', 'Brighte', 'Plenti Green Loan'],
  COMMERCIAL: ['Cash', 'Chattel Mortgage', 'Green Loan', 'Operating Lease'],
  'LARGE-SCALE': ['Cash', 'Chattel Mortgage', 'PPA'],
};
export const RETAILERS = ['AGL', 'Origin Energy', 'EnergyAustralia', 'Red Energy', 'Alinta Energy', 'Simply Energy', 'Momentum Energy', 'Powershop', 'Amber Electric'] as const;

/** The Cheaper Home Batteries Program (federal, from 1 July 2025): batteries earn STCs. */
export const BATTERY_PROGRAM_START = Date.UTC(2025, 6, 1) - 10 * 3_600_000;
/**
 * STCs per usable kWh by install date, on at most 50 kWh: the program's factor steps down each
 * year to 2030 (docs/decisions/0012). Dates are AEST midnights.
 */
export const BATTERY_STC_FACTORS: ReadonlyArray<readonly [from: number, factor: number]> = [
  [Date.UTC(2025, 6, 1) - 10 * 3_600_000, 8.4],
  [Date.UTC(2026, 0, 1) - 10 * 3_600_000, 7.4],
  [Date.UTC(2027, 0, 1) - 10 * 3_600_000, 6.8],
  [Date.UTC(2028, 0, 1) - 10 * 3_600_000, 6.0],
  [Date.UTC(2029, 0, 1) - 10 * 3_600_000, 5.2],
  [Date.UTC(2030, 0, 1) - 10 * 3_600_000, 4.4],
];

/** The battery STC factor in force at `ms`; 0 before the program. */
export function batteryStcFactor(ms: number): number {
  let factor = 0;
  for (const [from, f] of BATTERY_STC_FACTORS) if (ms >= from) factor = f;
  return factor;
}
export const BATTERY_STC_MAX_KWH = 50;
/** Extra chance that a home quote dated in the program includes a battery. */
export const BATTERY_PROGRAM_CHANCE = 0.25;
