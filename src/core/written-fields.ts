/**
 * Fields a caller writes into the world (the data API's createcustomer/createproject): the world
 * applies them to the customer or project an event creates, instead of inventing those fields.
 * Plain data, so a world snapshot stays serialisable.
 */
import type { CustomerStatusId, CustomerType } from './customer-types.js';

export interface WrittenAddress {
  streetNum?: string;
  street?: string;
  suburb?: string;
  state?: string;
  postcode?: string;
}

export interface CustomerFields {
  firstName?: string;
  surname?: string;
  email?: string;
  phonePrimary?: string;
  phoneSecondary?: string;
  type?: CustomerType;
  companyName?: string;
  companyPhone?: string;
  gstRegistered?: 0 | 1;
  status?: CustomerStatusId;
  /** A user of the account (`useremail` of createcustomer); unknown ids fall back to the key's owner. */
  assignedUserId?: number;
  notes?: string;
  /** null: no address was given (the customer's `site_address` is ""), not an invented one. */
  address?: WrittenAddress | null;
}

export interface ProjectFields {
  nickname?: string;
  isDraft?: 0 | 1;
  /** The sales user who owns the quote. */
  userId?: number;
  /** The site of the project when it differs from the customer's address (missing parts come from it). */
  siteAddress?: WrittenAddress;
}
