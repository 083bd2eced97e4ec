import { createRequire } from 'node:module';
import type { Faker } from '@faker-js/faker';
import { describe, expect, it } from 'vitest';
import { AU_FIRST_NAMES } from './au-first-names.js';
import { createWorldFaker } from './world.js';

const require = createRequire(import.meta.url);
const auFaker = (require('@faker-js/faker/locale/en_AU') as { faker: Faker }).faker;

describe("the world's Faker (faker's base entry and en_AU's first names, decision 0037)", () => {
  it("keeps en_AU's first names as faker has them", () => {
    expect(AU_FIRST_NAMES).toEqual(auFaker.rawDefinitions.person!.first_name);
  });

  it('draws what a Faker of [en_AU, en, base] draws with the same seed, for every call the world makes', () => {
    const FakerClass = auFaker.constructor as new (options: { locale: Faker['rawDefinitions'] }) => Faker;
    const full = new FakerClass({ locale: auFaker.rawDefinitions });
    const draws = (f: Faker): unknown[] => {
      const out: unknown[] = [];
      for (let i = 0; i < 200; i++) {
        out.push(
          f.person.firstName(),
          f.number.int({ min: 0, max: 999 }),
          f.number.float({ min: 0, max: 10, fractionDigits: 2 }),
          f.helpers.arrayElement(['a', 'b', 'c']),
          f.helpers.weightedArrayElement([{ weight: 1, value: 'x' }, { weight: 3, value: 'y' }]),
          f.datatype.boolean(),
          f.string.numeric(4),
        );
      }
      return out;
    };
    full.seed(42);
    expect(draws(createWorldFaker(42))).toEqual(draws(full));
  });
});
