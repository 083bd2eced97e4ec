/** A customer as the app keeps it. */
export interface StoredCustomer {
  customerId: number;
  name: string;
  email: string;
  statusId: number;
  /** How many times Solar Proof told us about this customer (duplicates and retries included). */
  timesSeen: number;
}

/**
 * Where the app keeps customers. An interface so tests can make it slow or failing, the way a
 * real database sometimes is.
 */
export interface CustomerStore {
  /** Inserts or updates by customer id: storing the same customer twice keeps one row. */
  upsert(customer: Omit<StoredCustomer, 'timesSeen'>): Promise<void>;
  list(): Promise<StoredCustomer[]>;
}

export function createMemoryStore(): CustomerStore {
  const rows = new Map<number, StoredCustomer>();
  return {
    async upsert(customer) {
      const existing = rows.get(customer.customerId);
      rows.set(customer.customerId, { ...customer, timesSeen: (existing?.timesSeen ?? 0) + 1 });
    },
    async list() {
      return [...rows.values()];
    },
  };
}
