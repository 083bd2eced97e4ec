/**
 * The fake Solar Proof world's records. Payload renderers read these; only the world changes them.
 * Field names follow the world's own vocabulary; each payload maps them onto Solar Proof's names.
 */
import type { StateCode } from './au-places.js';

import type { CustomerStatusId, CustomerType } from '../core/customer-types.js';

/** The installer's staff: the account's own user and its sales users. */
export interface SalesUser {
  id: number;
  name: string;
  email: string;
}

export interface Address {
  streetNum: string;
  street: string;
  suburb: string;
  state: StateCode;
  postcode: string;
  country: 'Australia';
}

export interface Customer {
  id: number;
  /** 8 lowercase hex chars, as in the documented example. */
  uid: string;
  firstName: string;
  surname: string;
  email: string;
  phonePrimary: string;
  phoneSecondary: string;
  type: CustomerType;
  /** '' for residential customers. */
  companyName: string;
  companyPhone: string;
  abn: string;
  gstRegistered: 0 | 1;
  status: CustomerStatusId;
  address: Address;
  /**
   * True for a customer created through the data API without an address (createcustomer takes
   * none): its customer_created carries `site_address: ""`, not an invented one.
   */
  noAddress?: true;
  /** World-clock epoch ms. */
  createdAt: number;
  notes: string;
  assignedUser: SalesUser;
  projectIds: number[];
}

export type ProposalStatus = 'draft' | 'sent' | 'viewed' | 'signed';

/** What the installer quotes: all sizes and prices are consistent with each other. */
export interface SystemDesign {
  panelType: string;
  panelWattage: number;
  panelQty: number;
  inverterType: string;
  inverterQty: number;
  /** 0 and '' when the quote has no battery. */
  batteryId: number;
  batteryType: string;
  batteryQty: number;
  /** kW, two decimals: panelQty * panelWattage / 1000. */
  systemSize: number;
  /** AUD incl. GST before the STC rebate. */
  totalPrice: number;
  /** AUD value of the STCs the system earns (0 above 100 kW, which earns LGCs instead). */
  stcValue: number;
  /** The part of stcValue earned by the battery (Cheaper Home Batteries Program; 0 without one). */
  batteryStcValue: number;
  /** totalPrice - stcValue. */
  afterRebateCost: number;
}

export interface SiteDetails {
  roofType: string;
  roofHeight: string;
  energyRetailer: string;
  nmi: string;
  meterNumber: string;
  phaseSupply: 'Single' | 'Three';
  dailyKwhUse: number;
  costPerKwh: number;
  exportLimit: number;
  financeType: string;
}

export interface Project {
  id: number;
  customerId: number;
  /** The sales user who owns the quote (the customer's assigned user). */
  userId: number;
  /** `Project #<id>` */
  nickname: string;
  isDraft: 0 | 1;
  proposalStatus: ProposalStatus;
  createdAt: number;
  updatedAt: number;
  design: SystemDesign;
  site: SiteDetails;
  /** The site when createproject gave one; absent: the customer's address. */
  siteAddress?: Address;
  /** Set when the proposal is published. */
  proposalLink: string;
  publishedAt: number | null;
  signedAt: number | null;
}
