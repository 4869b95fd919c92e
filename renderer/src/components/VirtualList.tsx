import { useCallback, useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { observeElementRect, useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { assignSlots, type RowKey } from './row-slots';

export interface VirtualListProps<T> {
  /** The list's accessible name ("Queue", "Participants"). */
  label: string;
  items: readonly T[];
  itemKey(item: T): string;
  /** Designed row height in px; a row grows (and is re-measured) when it shows an error. */
  rowHeight: number;
  /** Visible height of the scroll area in px. */
  height: number;
  renderItem(item: T, index: number): ReactNode;
  className?: string;
  empty?: ReactNode;
  /**
   * Re-bind the elements of a row leaving view to a row coming into view, instead of removing
   * one and creating another (row-slots.ts): what makes scrolling cheap for long lists of plain
   * rows. Then whatever in `renderItem`'s output holds state (a command's busy/error) must be
   * keyed by its item, or that state would pass to the next item the row shows.
   */
  recycleRows?: boolean;
}

/**
 * A list that only mounts the rows in view (plus a few), so 1,000 queued calls or 250
 * participants cost the same per update as 20. Each row keeps list semantics: the items are
 * `listitem`s with aria-setsize / aria-posinset so assistive tech knows the full length.
 */
export function VirtualList<T>({ label, items, itemKey, rowHeight, height, renderItem, className, empty, recycleRows = false }: VirtualListProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  // Stable while the items are: TanStack re-lays out every item (all 2,000 loaded calls) whenever
  // `getItemKey` is a new function, so a fresh arrow per render made each scroll update allocate
  // a whole new layout (bench/results/history.md, the "raw" series).
  const getItemKey = useCallback(
    (index: number) => {
      const item = items[index];
      return item === undefined ? index : itemKey(item);
    },
    [items, itemKey],
  );
  // TanStack Virtual is not React-Compiler friendly; we do not use the compiler, so this is fine.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    getItemKey,
    overscan: 6,
    // Rows are at least the designed height; one showing an error message grows to fit it.
    // (Where there is no layout, e.g. a test DOM, the measurement is 0 and the design wins.)
    measureElement: measureRow(rowHeight),
    // Before the first measurement, and where there is no layout (a hidden panel, a test DOM),
    // assume the designed height rather than rendering no rows at all.
    initialRect: { width: 0, height },
    observeElementRect: (instance, onRect) =>
      observeElementRect(instance, (rect) => onRect(rect.height > 0 ? rect : { width: rect.width, height })),
  });
  const totalHeight = virtualizer.getTotalSize();
  const rows = virtualizer.getVirtualItems();
  const [recycling] = useState(() => ({ slots: new Map<RowKey, number>() }));
  // Assigned during render: given the same rows again (a repeated render) it yields the same slots.
  if (recycleRows) recycling.slots = assignSlots(recycling.slots, rows.map((row) => row.key));
  const observeRecycledRow = useRecycledRowMeasurement(virtualizer, listRef, recycleRows);

  return (
    <div ref={scrollRef} className={['virtual-scroll', className].filter(Boolean).join(' ')} style={{ maxHeight: height }}>
      {items.length === 0 ? empty : null}
      <ul ref={listRef} aria-label={label} className="virtual-list" style={{ height: totalHeight }}>
        {rows.map((row) => {
          const item = items[row.index];
          if (item === undefined) return null;
          return (
            <li
              key={recycleRows ? recycling.slots.get(row.key) : row.key}
              ref={recycleRows ? observeRecycledRow : virtualizer.measureElement}
              data-index={row.index}
              className="virtual-row"
              aria-setsize={items.length}
              aria-posinset={row.index + 1}
              style={{ transform: `translateY(${row.start}px)`, minHeight: rowHeight }}
            >
              {renderItem(item, row.index)}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/**
 * A row's height, read only from what a ResizeObserver reports (its border box, after layout).
 * TanStack also asks synchronously when a row is attached; reading the layout then
 * (getBoundingClientRect) forced a layout of the whole page for every new row, the console's
 * dearest work under a stream of webhooks (bench/results/webhook-to-dom.md, 2026-12-02). The
 * observer reports every row it starts watching, so on attach the size already known stands.
 */
function measureRow(rowHeight: number) {
  return (element: Element, entry: ResizeObserverEntry | undefined, instance: Virtualizer<HTMLDivElement, Element>): number => {
    if (!entry) return instance.measurementsCache[instance.indexFromElement(element)]?.size ?? rowHeight;
    return Math.max(rowHeight, entry.borderBoxSize?.[0]?.blockSize ?? entry.contentRect.height);
  };
}

/**
 * Measuring recycled rows. TanStack's `measureElement` remembers which element shows which item,
 * which a re-bound element no longer does; so recycled rows are observed here, and a row's size
 * is given to the item its `data-index` names when the observer reports. A re-bound row is
 * observed afresh, so its size is reported for its new item (as a mounted row's would be);
 * a row is observed while mounted (StrictMode's detach and re-attach included).
 * Whether a list recycles is fixed when it mounts.
 */
function useRecycledRowMeasurement(
  virtualizer: Virtualizer<HTMLDivElement, Element>,
  listRef: RefObject<HTMLUListElement | null>,
  enabled: boolean,
): (row: HTMLLIElement | null) => (() => void) | undefined {
  const [observer] = useState(() =>
    enabled && typeof ResizeObserver !== 'undefined'
      ? new ResizeObserver((entries) => {
          for (const entry of entries) {
            virtualizer.resizeItem(Number(entry.target.getAttribute('data-index')), virtualizer.options.measureElement(entry.target, entry, virtualizer));
          }
        })
      : undefined,
  );
  const [boundIndex] = useState(() => new WeakMap<Element, string | null>());
  useLayoutEffect(() => {
    if (!observer) return;
    for (const row of listRef.current?.children ?? []) {
      const index = row.getAttribute('data-index');
      if (boundIndex.get(row) === index) continue;
      boundIndex.set(row, index);
      observer.unobserve(row);
      observer.observe(row);
    }
  });
  return useCallback(
    (row: HTMLLIElement | null) => {
      if (!row || !observer) return undefined;
      boundIndex.set(row, row.getAttribute('data-index'));
      observer.observe(row);
      return () => {
        boundIndex.delete(row);
        observer.unobserve(row);
      };
    },
    [observer, boundIndex],
  );
}
