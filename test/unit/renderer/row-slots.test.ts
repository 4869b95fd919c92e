// VirtualList's row recycling (renderer/src/components/row-slots.ts): which slot (React key) each
// row in view gets as the window moves.
import { describe, expect, it } from 'vitest';
import { assignSlots, type RowKey } from '../../../renderer/src/components/row-slots';

const slotsOf = (slots: Map<RowKey, number>, keys: RowKey[]) => keys.map((k) => slots.get(k));

describe('row slots', () => {
  it('a row that stays in view keeps its slot; a row coming into view below takes a slot a row leaving view gave up', () => {
    const first = assignSlots(new Map(), ['a', 'b', 'c', 'd']);
    expect(slotsOf(first, ['a', 'b', 'c', 'd'])).toEqual([0, 1, 2, 3]);
    const down = assignSlots(first, ['c', 'd', 'e', 'f']);
    expect(slotsOf(down, ['c', 'd', 'e', 'f'])).toEqual([2, 3, 0, 1]);
    expect(down.size).toBe(4);
  });

  it('a row coming into view above the rows that stay gets a slot the last render did not use (React would move every row after a re-bound one)', () => {
    const first = assignSlots(new Map(), ['c', 'd', 'e', 'f']);
    const up = assignSlots(first, ['a', 'b', 'c', 'd']);
    expect(slotsOf(up, ['a', 'b', 'c', 'd'])).toEqual([4, 5, 0, 1]);
    // Down again: the new rows below re-bind the slots the rows above gave up.
    expect(slotsOf(assignSlots(up, ['c', 'd', 'e', 'f']), ['c', 'd', 'e', 'f'])).toEqual([0, 1, 4, 5]);
  });

  it('a jump re-binds every slot; a longer window adds slots, a shorter one leaves them free', () => {
    const first = assignSlots(new Map(), [1, 2, 3]);
    expect(slotsOf(assignSlots(first, [40, 41, 42]), [40, 41, 42])).toEqual([0, 1, 2]);
    expect(slotsOf(assignSlots(first, [2, 3, 4, 5]), [2, 3, 4, 5])).toEqual([1, 2, 0, 3]);
    const shorter = assignSlots(first, [3]);
    expect(slotsOf(shorter, [3])).toEqual([2]);
    expect(slotsOf(assignSlots(shorter, [3, 4, 5]), [3, 4, 5])).toEqual([2, 0, 1]);
  });

  it('the same rows twice give the same slots (a render React repeats changes nothing)', () => {
    const previous = assignSlots(assignSlots(new Map(), ['a', 'b', 'c']), ['b', 'c', 'd']);
    expect(assignSlots(previous, ['b', 'c', 'd'])).toEqual(previous);
  });

  it('no two rows in view share a slot, however the window moves and resizes', () => {
    let slots = new Map<RowKey, number>();
    for (let start = 0; start < 200; start += 1 + (start % 7)) {
      const keys = Array.from({ length: 10 + (start % 5) }, (_, i) => start + i);
      slots = assignSlots(slots, keys);
      expect(new Set(slotsOf(slots, keys)).size).toBe(keys.length);
    }
  });
});
