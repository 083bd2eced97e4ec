/**
 * A FIFO with O(1) shift whose items can be withdrawn in place (`cancelled`): `shift` skips them.
 * Compacts itself now and then. The concurrency limiter's waiting attempts and the send-queue
 * gate's waiting triggers both queue in one.
 */
export class SkipQueue<T extends { readonly cancelled: boolean }> {
  private items: T[] = [];
  private head = 0;

  push(item: T): void {
    this.items.push(item);
  }

  /** The oldest item not cancelled, taken off the queue; undefined when none is left. */
  shift(): T | undefined {
    while (this.head < this.items.length) {
      const item = this.items[this.head++]!;
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
      if (!item.cancelled) return item;
    }
    return undefined;
  }

  /** Nothing queued (cancelled items still queued count as something). */
  get empty(): boolean {
    return this.head >= this.items.length;
  }
}
