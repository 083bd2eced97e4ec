import type { Faker } from '@faker-js/faker';

/**
 * A set of ids with O(1) add, remove and uniform random pick, so choosing "some draft project"
 * stays constant-time however many events a benchmark has pushed through the world.
 */
export class IdPool {
  private readonly ids: number[] = [];
  private readonly index = new Map<number, number>();

  get size(): number {
    return this.ids.length;
  }

  has(id: number): boolean {
    return this.index.has(id);
  }

  add(id: number): void {
    if (this.index.has(id)) return;
    this.index.set(id, this.ids.length);
    this.ids.push(id);
  }

  remove(id: number): void {
    const at = this.index.get(id);
    if (at === undefined) return;
    const last = this.ids.pop()!;
    this.index.delete(id);
    if (last !== id) {
      this.ids[at] = last;
      this.index.set(last, at);
    }
  }

  clear(): void {
    this.ids.length = 0;
    this.index.clear();
  }

  /** A uniformly chosen id, or undefined when empty. */
  pick(faker: Faker): number | undefined {
    if (this.ids.length === 0) return undefined;
    return this.ids[faker.number.int({ min: 0, max: this.ids.length - 1 })];
  }
}
