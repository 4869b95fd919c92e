/**
 * Row recycling for VirtualList: each row in view gets a slot, and the slot is the row's React
 * key. A row that stays in view keeps its slot (so it is not rendered again); a row coming into
 * view below the rows that stay (scrolling down, or a jump) takes a slot that a row leaving view
 * gave up, so React re-binds that row's elements (new text, new attributes) and moves them to
 * the end instead of removing them and creating new ones. Mounting is what a scroll update spent
 * most of its time and memory on (bench/results/history.md).
 *
 * A row coming into view above the rows that stay (scrolling up) gets a slot no row had: React
 * moves every element that comes after an element it moved backwards, so re-binding a row from
 * the bottom at the top would move all the rows that stay; creating the new row moves none.
 */
export type RowKey = string | number | bigint;

/**
 * The slot of each key in `keys` (the rows in view, in order), given `previous` (the last
 * call's result). Given the same keys twice it returns the same slots, so a render that React
 * repeats changes nothing.
 */
export function assignSlots(previous: ReadonlyMap<RowKey, number>, keys: readonly RowKey[]): Map<RowKey, number> {
  const next = new Map<RowKey, number>();
  let firstKept = keys.length;
  keys.forEach((key, position) => {
    const slot = previous.get(key);
    if (slot === undefined) return;
    next.set(key, slot);
    firstKept = Math.min(firstKept, position);
  });
  // Slots given up by rows that left view, lowest first; a fresh slot is one the last render did not use.
  const freed: number[] = [];
  const used: boolean[] = [];
  for (const [key, slot] of previous) {
    used[slot] = true;
    if (!next.has(key)) freed.push(slot);
  }
  freed.sort((a, b) => a - b);
  let reused = 0;
  let fresh = 0;
  keys.forEach((key, position) => {
    if (next.has(key)) return;
    const below = position > firstKept || firstKept === keys.length;
    let slot = below ? freed[reused++] : undefined;
    if (slot === undefined) {
      while (used[fresh]) fresh++;
      slot = fresh;
      used[slot] = true;
    }
    next.set(key, slot);
  });
  return next;
}
