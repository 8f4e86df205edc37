/*
 * Moves and removals on the node form's lists (options, rules, terms, red flags), in place on the
 * page's state, keeping parallel lists (an option and its "goes to") aligned.
 */

/** Swaps item `index` with its neighbour `index + delta` in every list given. */
export function moveItem(lists: unknown[][], index: number, delta: -1 | 1): void {
  const other = index + delta;
  for (const list of lists) {
    if (other < 0 || other >= list.length || index >= list.length) continue;
    [list[index], list[other]] = [list[other], list[index]];
  }
}

/** Removes item `index` from every list given. */
export function removeItem(lists: unknown[][], index: number): void {
  for (const list of lists) list.splice(index, 1);
}

/** The first `<prefix>_<n>` not in `taken`: ids for new options, rules and red flags. */
export function freshId(prefix: string, taken: readonly string[]): string {
  for (let n = 1; ; n++) if (!taken.includes(`${prefix}_${n}`)) return `${prefix}_${n}`;
}
