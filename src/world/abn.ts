/**
 * Australian Business Numbers: 11 digits where, after subtracting 1 from the first digit, the
 * weighted digit sum is divisible by 89 (the ATO's published check).
 */
const WEIGHTS = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19] as const;

/**
 * Builds a valid ABN from 9 body digits by choosing the two leading check digits.
 *
 * @example makeAbn([0,0,4,8,6,1,2,0,4]) // an 11-digit string that passes isValidAbn
 */
export function makeAbn(body: readonly number[]): string {
  if (body.length !== 9) throw new Error('makeAbn needs 9 body digits');
  let rest = 0;
  for (let i = 0; i < 9; i++) rest += body[i]! * WEIGHTS[i + 2]!;
  // (first - 1) * 10 + second takes every value 0..89 as the prefix runs 10..99, so one always fits.
  const v = (89 - (rest % 89)) % 89;
  const first = Math.floor(v / 10) + 1;
  const second = v % 10;
  return `${first}${second}${body.join('')}`;
}

export function isValidAbn(abn: string): boolean {
  if (!/^\d{11}$/.test(abn)) return false;
  let sum = 0;
  for (let i = 0; i < 11; i++) {
    const digit = Number(abn[i]) - (i === 0 ? 1 : 0);
    sum += digit * WEIGHTS[i]!;
  }
  return sum % 89 === 0;
}
