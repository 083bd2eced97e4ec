/**
 * Solar Proof's record shapes for the data actions of `/apidata.php` (solarproof-api.md section
 * 7), as pure functions of world entities: key names, key order, casing and value types are the
 * documented ones (string values in the get/list records and `project_info`, the number and
 * nulls of `getcustomerofproject`).
 */
import type { Account } from '../core/account.js';
import { CUSTOMER_STATUSES, type CustomerStatusId, type CustomerType } from '../core/customer-types.js';
import type { Address, Customer, Project, SalesUser } from '../world/entities.js';
import { sqlDateTime } from '../world/world-clock.js';

/** `customer_status` names: the documented "No Status Set" for 0, Solar Proof's status names otherwise. */
export const STATUS_NAMES: Record<CustomerStatusId, string> = { 0: 'No Status Set', 1: CUSTOMER_STATUSES[1], 2: CUSTOMER_STATUSES[2], 3: CUSTOMER_STATUSES[3] };
export const TYPE_NAMES: Record<CustomerType, string> = { RESIDENTIAL: 'Residential', COMMERCIAL: 'Commercial', 'LARGE-SCALE': 'Large-Scale' };

/** What a record needs to read about the account it belongs to. */
export interface RecordContext {
  account: Account;
  users: readonly SalesUser[];
  projects: ReadonlyMap<number, Project>;
}

const sqlDate = (ms: number): string => sqlDateTime(ms).slice(0, 10);
const money = (n: number): string => String(Math.round(n * 100) / 100);

/** `{streetnum, street, suburb, state, postcode, country}`, all strings. */
export function siteAddressRecord(a: Address): Record<string, string> {
  return { streetnum: a.streetNum, street: a.street, suburb: a.suburb, state: a.state, postcode: a.postcode, country: a.country };
}

/** [OURS] A user's phone, work title and username are not in the world; they are derived from the user, stably. */
export function ownerUserInfo(user: SalesUser, account: Account): Record<string, string> {
  const [first = user.name, ...rest] = user.name.split(' ');
  const phone = String((user.id * 7_919) % 100_000_000).padStart(8, '0');
  return {
    user_id: String(user.id),
    first_name: first,
    last_name: rest.join(' '),
    phone_number: `04${phone}`,
    email: user.email,
    work_title: user.id === account.userId ? 'Director' : 'Solar Sales Consultant',
    username: user.email.split('@')[0] ?? user.email,
  };
}

function ownerOf(c: Customer, ctx: RecordContext): SalesUser {
  return ctx.users.find((u) => u.id === c.assignedUser.id) ?? c.assignedUser;
}

/** One entry of a customer record's `projects`. */
export function customerProjectRecord(p: Project, c: Customer): Record<string, unknown> {
  return {
    project_id: String(p.id),
    project_title: p.nickname,
    site_address: siteAddressRecord(p.siteAddress ?? c.address),
    solar_panel_quantity: String(p.design.panelQty),
    solar_panel_type: p.design.panelType,
    inverter_type: p.design.inverterType,
    inverter_quantity: String(p.design.inverterQty),
    system_size: `${p.design.systemSize}kW`,
    proposal_link: p.proposalLink,
  };
}

/** The customer record of getallcustomers, getcustomerByemail and getcustomerid: every value a string. */
export function customerRecord(c: Customer, ctx: RecordContext): Record<string, unknown> {
  return {
    customer_id: String(c.id),
    gst_status: c.gstRegistered === 1 ? 'GST Registered' : 'Not GST Registered',
    customer_first_name: c.firstName,
    customer_last_name: c.surname,
    customer_phone_1: c.phonePrimary,
    customer_phone_2: c.phoneSecondary,
    customer_email: c.email,
    customer_type: TYPE_NAMES[c.type],
    company_name: c.companyName,
    company_phone: c.companyPhone,
    owner_user_info: ownerUserInfo(ownerOf(c, ctx), ctx.account),
    creation_date: sqlDate(c.createdAt),
    customer_notes: c.notes === '' ? [] : [{ datetime: sqlDateTime(c.createdAt), note: c.notes }],
    customer_status: STATUS_NAMES[c.status],
    projects: c.projectIds.flatMap((id) => {
      const p = ctx.projects.get(id);
      return p ? [customerProjectRecord(p, c)] : [];
    }),
  };
}

/** `siteaddress` of project_info: a JSON-encoded string, as documented. */
function encodedSiteAddress(a: Address): string {
  return JSON.stringify(siteAddressRecord(a));
}

/**
 * One element of getprojectinfo's `project_info`: the documented fields (all strings), then
 * [OURS] `is_draft`, `proposal_status`, `total_price`, `system_size`, `inverterqty`,
 * `batterytype`, `created_at`, `updated_at` from the documented project vocabulary.
 */
export function projectInfoRecord(p: Project, c: Customer): Record<string, string> {
  const d = p.design;
  const s = p.site;
  return {
    project_id: String(p.id),
    quotenickname: p.nickname,
    user_id: String(p.userId),
    battery_id: String(d.batteryId),
    batteryqty: String(d.batteryQty),
    afterrebatecost: money(d.afterRebateCost),
    url: `/projects/${p.id}`,
    quotecreationdate: sqlDateTime(p.createdAt),
    signed_at: p.signedAt === null ? '0000-00-00' : sqlDateTime(p.signedAt),
    customer_id: String(c.id),
    siteaddress: encodedSiteAddress(p.siteAddress ?? c.address),
    rooftype: s.roofType,
    roofheight: s.roofHeight,
    energyretailer: s.energyRetailer,
    nmi: s.nmi,
    monitoring_type: c.type === 'RESIDENTIAL' ? 'Inverter app' : 'Consumption monitoring (CT)',
    meter_number: s.meterNumber,
    phase_supply: s.phaseSupply,
    dailykwhuse: String(s.dailyKwhUse),
    costperkwh: String(s.costPerKwh),
    powerpriceincrease: '3',
    exportvalue: '0.05',
    exportlimit: String(s.exportLimit),
    paneltype: d.panelType,
    panelwattage: String(d.panelWattage),
    panelqty: String(d.panelQty),
    invertertype: d.inverterType,
    proposal_link: p.proposalLink,
    stcvalue: money(d.stcValue),
    financetype: s.financeType,
    is_draft: String(p.isDraft),
    proposal_status: p.proposalStatus,
    total_price: money(d.totalPrice),
    system_size: String(d.systemSize),
    inverterqty: String(d.inverterQty),
    batterytype: d.batteryType,
    created_at: sqlDateTime(p.createdAt),
    updated_at: sqlDateTime(p.updatedAt),
  };
}

/**
 * [OURS] `expanded_info` of getprojectinfo with `expanded=1` (the docs list what it holds, not
 * its shape): one object with user and company info, pricing items and systems, battery details,
 * customer statuses and project notes.
 */
export function expandedInfoRecord(p: Project, c: Customer, ctx: RecordContext): Record<string, unknown>[] {
  const d = p.design;
  const user = ctx.users.find((u) => u.id === p.userId) ?? c.assignedUser;
  return [
    {
      user_info: ownerUserInfo(user, ctx.account),
      company_info: { company_id: String(ctx.account.companyId), company_name: ctx.account.companyName, email: ctx.account.userEmail },
      pricing_items: [
        { item: d.batteryQty > 0 ? 'Solar and battery supply and installation' : 'Solar system supply and installation', price: money(d.totalPrice) },
        { item: 'STC rebate', price: money(-d.stcValue) },
      ],
      systems: [
        { system_size: String(d.systemSize), paneltype: d.panelType, panelwattage: String(d.panelWattage), panelqty: String(d.panelQty), invertertype: d.inverterType, inverterqty: String(d.inverterQty) },
      ],
      battery_details: d.batteryQty > 0 ? [{ battery_id: String(d.batteryId), battery_type: d.batteryType, batteryqty: String(d.batteryQty), battery_stc_value: money(d.batteryStcValue) }] : [],
      customer_statuses: [{ status_id: String(c.status), status: STATUS_NAMES[c.status] }],
      project_notes: [],
    },
  ];
}

/** Phones in getcustomerofproject's documented international form: `0411549054` -> `61411549054`. */
export function internationalPhone(phone: string): string {
  const compact = phone.replace(/\s+/g, '');
  return compact.startsWith('0') && !compact.startsWith('1300') ? `61${compact.slice(1)}` : compact;
}

/** `132 Mono Drive, Brisbane, QLD, 4321` (getcustomerofproject's documented form). */
function commaAddress(a: Address): string {
  const street = `${a.streetNum} ${a.street}`.trim();
  return `${street ? `${street}, ` : ''}${a.suburb}, ${a.state}, ${a.postcode}`;
}

/** `Customer` of getcustomerofproject: a number id, nulls and 61-prefixed phones, as documented. */
export function projectCustomerRecord(c: Customer, p: Project): Record<string, unknown> {
  return {
    customerID: c.id,
    uid: null,
    gstRegistered: c.gstRegistered,
    firstName: c.firstName,
    surname: c.surname,
    phone1: internationalPhone(c.phonePrimary),
    phone2: c.phoneSecondary === '' ? '' : internationalPhone(c.phoneSecondary),
    email: c.email,
    companyName: c.companyName,
    companyPhone: c.companyPhone,
    customerabn: c.abn === '' ? null : c.abn,
    // The project's own site (createproject's), else the customer's address.
    siteAddress: commaAddress(p.siteAddress ?? c.address),
    note: c.notes,
    contactTime: null,
  };
}
