/**
 * Row recycling for VirtualList: each row in view gets a slot, and the slot is the row's React
 * key. A row that stays in view keeps its slot (so it is not rendered again); a row coming into
 * view takes a slot that a row leaving view gave up, so React re-binds that row's DOM elements
 * (new text, new attributes) instead of removing them and creating new ones. Mounting is what a
 * scroll update spent most of its time and memory on (bench/results/history.md).
 */
export type RowKey = string | number;

/**
 * The slot of each key in `keys` (the rows in view, in order): the slot it had in `previous`,
 * else the lowest slot no row in view holds. The result is the next call's `previous`. Given the
 * same keys twice it returns the same slots, so a render that React repeats changes nothing.
 */
export function assignSlots(previous: ReadonlyMap<RowKey, number>, keys: readonly RowKey[]): Map<RowKey, number> {
  const next = new Map<RowKey, number>();
  const held: boolean[] = [];
  for (const key of keys) {
    const slot = previous.get(key);
    if (slot !== undefined) {
      next.set(key, slot);
      held[slot] = true;
    }
  }
  let free = 0;
  for (const key of keys) {
    if (next.has(key)) continue;
    while (held[free]) free++;
    next.set(key, free);
    held[free] = true;
  }
  return next;
}
