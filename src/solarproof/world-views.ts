/**
 * The world as the control API shows it (`GET /_emulator/world/customers` and `/projects`), in
 * the emulator's own vocabulary (camelCase, ISO times), for tests and the dashboard.
 */
import { CUSTOMER_STATUSES, type CustomerStatusId, type CustomerType } from '../core/customer-types.js';
import type { ProposalStatus } from '../world/entities.js';
import type { DataAccountWorld } from './data-handler.js';

export interface WorldCustomerView {
  apiKey: string;
  customerId: number;
  name: string;
  email: string;
  type: CustomerType;
  statusId: CustomerStatusId;
  status: string;
  createdAt: string;
  projectIds: number[];
  phone: string;
  companyName: string;
  assignedUserId: number;
}

export interface WorldProjectView {
  apiKey: string;
  projectId: number;
  customerId: number;
  nickname: string;
  isDraft: boolean;
  proposalStatus: ProposalStatus;
  proposalLink: string | null;
  systemSizeKw: number;
  createdAt: string;
  updatedAt: string;
  signedAt: string | null;
}

export interface WorldCustomerFilter {
  apiKey?: string;
  customerId?: number;
  email?: string;
  statusId?: CustomerStatusId;
  type?: CustomerType;
}

export interface WorldProjectFilter {
  apiKey?: string;
  customerId?: number;
  projectId?: number;
  isDraft?: boolean;
  proposalStatus?: ProposalStatus;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function customerViews(worlds: readonly DataAccountWorld[], f: WorldCustomerFilter): WorldCustomerView[] {
  const out: WorldCustomerView[] = [];
  for (const w of worlds) {
    if (f.apiKey !== undefined && w.account.apiKey !== f.apiKey) continue;
    for (const c of w.customers.values()) {
      if (f.customerId !== undefined && c.id !== f.customerId) continue;
      if (f.email !== undefined && c.email.toLowerCase() !== f.email.toLowerCase()) continue;
      if (f.statusId !== undefined && c.status !== f.statusId) continue;
      if (f.type !== undefined && c.type !== f.type) continue;
      out.push({
        apiKey: w.account.apiKey,
        customerId: c.id,
        name: `${c.firstName} ${c.surname}`,
        email: c.email,
        type: c.type,
        statusId: c.status,
        status: CUSTOMER_STATUSES[c.status],
        createdAt: iso(c.createdAt),
        projectIds: [...c.projectIds],
        phone: c.phonePrimary,
        companyName: c.companyName,
        assignedUserId: c.assignedUser.id,
      });
    }
  }
  return out;
}

export function projectViews(worlds: readonly DataAccountWorld[], f: WorldProjectFilter): WorldProjectView[] {
  const out: WorldProjectView[] = [];
  for (const w of worlds) {
    if (f.apiKey !== undefined && w.account.apiKey !== f.apiKey) continue;
    for (const p of w.projects.values()) {
      if (f.customerId !== undefined && p.customerId !== f.customerId) continue;
      if (f.projectId !== undefined && p.id !== f.projectId) continue;
      if (f.isDraft !== undefined && (p.isDraft === 1) !== f.isDraft) continue;
      if (f.proposalStatus !== undefined && p.proposalStatus !== f.proposalStatus) continue;
      out.push({
        apiKey: w.account.apiKey,
        projectId: p.id,
        customerId: p.customerId,
        nickname: p.nickname,
        isDraft: p.isDraft === 1,
        proposalStatus: p.proposalStatus,
        proposalLink: p.proposalLink === '' ? null : p.proposalLink,
        systemSizeKw: p.design.systemSize,
        createdAt: iso(p.createdAt),
        updatedAt: iso(p.updatedAt),
        signedAt: p.signedAt === null ? null : iso(p.signedAt),
      });
    }
  }
  return out;
}
