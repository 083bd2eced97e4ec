/**
 * The journal's records by event id, each event's in creation order: a long-poll for one event
 * (`waitFor({ eventId })`, the commonest wait) reads that event's deliveries instead of scanning
 * the whole journal (up to `journal.maxDeliveries`). One record is kept as itself, more as a list,
 * so the index costs one map entry per event.
 */
export class EventIndex<R extends { event: { id: string } }> {
  private readonly byEvent = new Map<string, R | R[]>();

  /** A record added to the journal (after every record already there). */
  add(record: R): void {
    const id = record.event.id;
    const had = this.byEvent.get(id);
    if (had === undefined) this.byEvent.set(id, record);
    else if (Array.isArray(had)) had.push(record);
    else this.byEvent.set(id, [had, record]);
  }

  /** A record gone from the journal (evicted). */
  remove(record: R): void {
    const id = record.event.id;
    const had = this.byEvent.get(id);
    if (had === record) this.byEvent.delete(id);
    else if (Array.isArray(had)) {
      const i = had.indexOf(record);
      if (i !== -1) had.splice(i, 1);
      if (had.length === 1) this.byEvent.set(id, had[0]!);
      else if (had.length === 0) this.byEvent.delete(id);
    }
  }

  /** The records of event `id`, oldest first (a new array: the caller may keep it). */
  get(id: string): R[] {
    const had = this.byEvent.get(id);
    return had === undefined ? [] : Array.isArray(had) ? [...had] : [had];
  }

  clear(): void {
    this.byEvent.clear();
  }
}
