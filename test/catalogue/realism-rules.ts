import { isValidAbn } from '../../src/world/abn.js';
import { postcodeMatchesState } from '../../src/world/au-places.js';

/** solarproof-api.md section 8 as checks: each returns the problems found in one payload item. */
/** `0412345678` or spaced `0412 345 678` (both appear in Solar Proof's examples). */
const MOBILE = /^04\d{2}( ?)\d{3}\1\d{3}$/;
/** A landline with its area code (`0298765432`, spaced `02 9876 5432`) or a 1300 number (`1300 123 456`). */
const LANDLINE = /^(0[2378]( ?)\d{4}\2\d{4}|1300 \d{3} \d{3})$/;
const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const SQL = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const ADDRESS = /^\d+ [A-Za-z' -]+ [A-Z][a-z]+, ([A-Za-z ]+) (NSW|VIC|QLD|WA|SA|TAS|ACT|NT) (\d{4}), Australia$/;
const RESERVED_EMAIL = /^[a-z0-9.]+@([a-z0-9-]+\.)*example\.(com|net|org)$/;
/** The documented relative link (the default; `world.proposalLinkBase` makes it absolute). */
const PROPOSAL = /^(https:\/\/solarproof\.com\.au)?\/uploads\/pdfs\/(\d+)\/proposal_\2\.pdf$/;

const SQL_FIELDS = ['created_at', 'updated_at', 'quotecreationdate', 'signed_at'];
const ISO_FIELDS = ['customer_created_at', 'status_changed_at', 'published_at'];

export function realismProblems(item: Record<string, unknown>, payloadVersion: 'v1' | 'v2'): string[] {
  const problems: string[] = [];
  const bad = (field: string, why: string): void => void problems.push(`${field}=${JSON.stringify(item[field])}: ${why}`);
  const str = (f: string): string | undefined => (typeof item[f] === 'string' ? (item[f] as string) : undefined);

  for (const f of ['site_address', 'siteaddress']) {
    const a = str(f);
    if (a === undefined) continue;
    const m = ADDRESS.exec(a);
    if (!m) bad(f, 'not "N Street Type, Suburb STATE 1234, Australia"');
    else if (!postcodeMatchesState(m[3]!, m[2]!)) bad(f, `postcode ${m[3]} is not in ${m[2]}`);
  }
  for (const f of ['phone_primary', 'customer_phone']) if (str(f) !== undefined && !MOBILE.test(str(f)!)) bad(f, 'not a 04xx xxx xxx mobile');
  const secondary = str('phone_secondary');
  if (secondary !== undefined && secondary !== '' && !MOBILE.test(secondary) && !LANDLINE.test(secondary)) bad('phone_secondary', 'not a phone');
  for (const f of ['customer_email', 'assigned_user_email', 'sent_by_email']) {
    if (str(f) !== undefined && !RESERVED_EMAIL.test(str(f)!)) bad(f, 'not on a reserved example domain');
  }
  for (const f of SQL_FIELDS) if (str(f) !== undefined && !SQL.test(str(f)!)) bad(f, 'not YYYY-MM-DD HH:MM:SS');
  for (const f of ISO_FIELDS) if (str(f) !== undefined && !ISO_Z.test(str(f)!)) bad(f, 'not ISO-8601 UTC with Z');
  if (payloadVersion === 'v1' && str('sent_at') !== undefined && !SQL.test(str('sent_at')!)) bad('sent_at', 'v1 uses YYYY-MM-DD HH:MM:SS');
  if (payloadVersion === 'v2' && str('sent_at') !== undefined && !ISO_Z.test(str('sent_at')!)) bad('sent_at', 'v2 uses ISO-8601');
  const link = str('proposal_link');
  if (link !== undefined) {
    const m = PROPOSAL.exec(link);
    const projectId = item.project_id ?? item.pkcustomerquotationid;
    if (!m || Number(m[2]) !== projectId) bad('proposal_link', `not the PDF link of project ${String(projectId)}`);
  }
  if (str('customer_uid') !== undefined && !/^[0-9a-f]{8}$/.test(str('customer_uid')!)) bad('customer_uid', 'not 8 hex chars');

  // Names agree with each other and with the email.
  if (str('first_name') !== undefined && item.customer_name !== `${str('first_name')} ${str('surname')}`) bad('customer_name', 'not first_name + surname');
  const first = str('first_name') ?? str('customer_name')?.split(' ')[0];
  const email = str('customer_email');
  if (first && email && !email.startsWith(first.toLowerCase().replace(/[^a-z0-9]/g, ''))) bad('customer_email', `does not belong to ${first}`);

  // Business customers (type 2/3) have a company, a valid ABN and a landline; residential none.
  if (typeof item.customer_type_id === 'number' && 'abn' in item) {
    const business = item.customer_type_id !== 1;
    if (business !== isValidAbn(str('abn') ?? '')) bad('abn', business ? 'business customers need a valid ABN' : 'residential has no ABN');
    if (business !== (str('company_name') !== '')) bad('company_name', 'only business customers have one');
    if (business && !LANDLINE.test(str('company_phone') ?? '')) bad('company_phone', 'not a landline');
    if (!business && item.gst_registered !== 0) bad('gst_registered', 'residential customers are not GST registered');
  }

  // Money and size agree: size = panels x wattage, cost after rebate = price - STC value.
  const size = item.system_size;
  if (typeof size === 'number') {
    if (size < 3 || size > 1000) bad('system_size', 'outside 3..1000 kW');
    if (typeof item.panelqty === 'number' && typeof item.panelwattage === 'number' && Math.abs(item.panelqty * item.panelwattage / 1000 - size) > 0.006) bad('system_size', 'not panelqty x panelwattage');
    if (typeof item.total_price === 'number') {
      // Payloads without batteryqty may still include up to 3 batteries (~A$14k each at most).
      const batteries = typeof item.batteryqty === 'number' ? item.batteryqty : 3;
      if (item.total_price > size * 1_400 + batteries * 14_000 || item.total_price < size * 600) bad('total_price', `not a market price for ${size} kW`);
    }
    if (typeof item.stcvalue === 'number') {
      if (size > 100 && item.stcvalue !== 0) bad('stcvalue', 'systems over 100 kW earn no STCs');
      // Batteries quoted from 1 July 2025 add STCs (Cheaper Home Batteries: 8.4 per kWh, at most 50 kWh).
      const batteryStcs = (typeof item.batteryqty === 'number' ? Math.min(item.batteryqty, 3) : 3) * 50 * 8.4 * 38;
      if (size <= 100 && (item.stcvalue <= 0 || item.stcvalue > size * 1.622 * 5 * 38 + batteryStcs + 1)) bad('stcvalue', 'not the STC value of the size');
      if (typeof item.total_price === 'number' && typeof item.afterrebatecost === 'number' && item.afterrebatecost !== item.total_price - item.stcvalue) bad('afterrebatecost', 'not total_price - stcvalue');
    }
  }
  return problems;
}
