/** "Did you mean …?": the known name nearest to a misspelt one (a config field, a command-line option). */

/**
 * The optimal-string-alignment distance of two strings: the fewest insertions, deletions,
 * substitutions and swaps of two adjacent characters that turn one into the other.
 */
function editDistance(a: string, b: string): number {
  // rows[i][j]: the distance of a's first i characters to b's first j.
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * The known name a misspelt one most likely meant: the nearest by edit distance (letter case
 * ignored; a swap of two neighbouring letters counts as one edit; a name that begins a known one,
 * three letters or more, counts as one edit away), if it is close enough to be a typo: at most 2
 * edits, or a third of the longer name, and fewer edits than the written name has letters. Ties go
 * to a name with the same first letter, then to the earlier one in `known`.
 *
 * @param name - what was written, e.g. `learningrate` or `sed`
 * @param known - the names it may have meant
 * @returns the nearest known name, or undefined when none is close
 * @example
 * ```ts
 * nearestName('learningrate', ['learningRate', 'noise']); // 'learningRate'
 * nearestName('sed', ['scale', 'seeds', 'epochs']);        // 'seeds'
 * nearestName('colour', ['seeds']);                        // undefined
 * ```
 */
export function nearestName(name: string, known: readonly string[]): string | undefined {
  const typed = name.toLowerCase();
  let best: { name: string; distance: number; sameFirst: boolean } | undefined;
  for (const candidate of known) {
    const lower = candidate.toLowerCase();
    let distance = editDistance(typed, lower);
    if (typed.length >= 3 && lower.startsWith(typed)) distance = Math.min(distance, 1);
    // Close enough to be a typo, and not a rewrite of the whole name.
    if (distance > Math.max(2, Math.floor(Math.max(typed.length, lower.length) / 3)) || distance >= typed.length) continue;
    const sameFirst = typed[0] === lower[0];
    if (!best || distance < best.distance || (distance === best.distance && sameFirst && !best.sameFirst)) best = { name: candidate, distance, sameFirst };
  }
  return best?.name;
}
