/**
 * "unknown flag --cout; did you mean --count?": the problem line for a flag no parser knows, with
 * the closest known flag when one is near (edit distance at most 2, or a prefix of one).
 *
 * @example unknownFlag('--cout', ['count', 'json']) // 'unknown flag --cout; did you mean --count?'
 */
export function unknownFlag(rawName: string, known: readonly string[]): string {
  const name = rawName.replace(/^-+/, '').split('=')[0]!;
  const best = closest(name, known);
  return `unknown flag ${rawName.split('=')[0]}${best === undefined ? ' (see --help)' : `; did you mean --${best}?`}`;
}

function closest(name: string, known: readonly string[]): string | undefined {
  let best: { flag: string; distance: number } | undefined;
  for (const flag of known) {
    const distance = flag.startsWith(name) && name.length >= 3 ? 1 : editDistance(name, flag);
    if (distance <= Math.min(2, Math.floor(flag.length / 3) + 1) && (best === undefined || distance < best.distance)) best = { flag, distance };
  }
  return best?.flag;
}

/** Levenshtein distance, with a swap of two neighbours counting as one edit. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
