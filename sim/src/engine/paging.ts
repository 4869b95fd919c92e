// Paging shared by every list endpoint.
import { apiErrors } from '../errors';
import type { Query } from '../params';

/** One page of a list plus Telnyx's PaginationMeta (total_pages is at least 1, also for empty sets). */
export interface Page<T> {
  items: T[];
  offset: number;
  meta: { page_number: number; page_size: number; total_pages: number; total_results: number };
  map<U>(fn: (item: T, index: number) => U): { data: U[]; meta: Page<T>['meta'] };
}

export function paginate<T>(all: readonly T[], query: Query): Page<T> {
  const number = pageParam(query, 'page[number]', 1, Number.MAX_SAFE_INTEGER, 1);
  const size = pageParam(query, 'page[size]', 1, 250, 20);
  const offset = (number - 1) * size;
  const items = all.slice(offset, offset + size);
  const meta = { page_number: number, page_size: size, total_pages: Math.max(1, Math.ceil(all.length / size)), total_results: all.length };
  return { items, offset, meta, map: (fn) => ({ data: items.map(fn), meta }) };
}

function pageParam(query: Query, key: string, min: number, max: number, fallback: number): number {
  const raw = query.get(key);
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw apiErrors.outOfRange(key, min, max);
  return n;
}
