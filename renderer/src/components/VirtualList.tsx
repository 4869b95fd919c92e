import { useCallback, useRef, type ReactNode } from 'react';
import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual';

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
}

/**
 * A list that only mounts the rows in view (plus a few), so 1,000 queued calls or 250
 * participants cost the same per update as 20. Each row keeps list semantics: the items are
 * `listitem`s with aria-setsize / aria-posinset so assistive tech knows the full length.
 */
export function VirtualList<T>({ label, items, itemKey, rowHeight, height, renderItem, className, empty }: VirtualListProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
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
    measureElement: (element) => Math.max(rowHeight, element.getBoundingClientRect().height),
    // Before the first measurement, and where there is no layout (a hidden panel, a test DOM),
    // assume the designed height rather than rendering no rows at all.
    initialRect: { width: 0, height },
    observeElementRect: (instance, onRect) =>
      observeElementRect(instance, (rect) => onRect(rect.height > 0 ? rect : { width: rect.width, height })),
  });
  const totalHeight = virtualizer.getTotalSize();

  return (
    <div ref={scrollRef} className={['virtual-scroll', className].filter(Boolean).join(' ')} style={{ maxHeight: height }}>
      {items.length === 0 ? empty : null}
      <ul aria-label={label} className="virtual-list" style={{ height: totalHeight }}>
        {virtualizer.getVirtualItems().map((row) => {
          const item = items[row.index];
          if (item === undefined) return null;
          return (
            <li
              key={row.key}
              ref={virtualizer.measureElement}
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
