/**
 * A HistoryQuery as SQL: the WHERE clause, its parameters, and the keyset cursor. Newest first,
 * ties broken by id, so a page never repeats or skips a row when rows are added meanwhile.
 */
import type { HistoryQuery } from '../../contract';
import { invalidState } from '../errors';

export interface Where {
  sql: string;
  params: Array<string | number>;
}

const DAY_MS = 86_400_000;
const dateOnly = /^\d{4}-\d{2}-\d{2}$/;

/** Digits only: "+1 (555) 010-0" → "15550100". */
export const digitsOf = (number: string): string => number.replace(/\D/g, '');

/** `like` pattern of a literal substring. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function whereOf(query: HistoryQuery = {}): Where {
  const clauses: string[] = [];
  const params: Array<string | number> = [];
  const add = (clause: string, param: string | number) => {
    clauses.push(clause);
    params.push(param);
  };
  const number = query.number?.trim();
  if (number) {
    const digits = digitsOf(number);
    // A number is compared by its digits; a SIP address (no digits) by its text.
    if (digits) add(`number_digits LIKE ? ESCAPE '\\'`, containing(digits));
    else add(`number LIKE ? ESCAPE '\\'`, containing(number));
  }
  if (query.from) add('started_at >= ?', Date.parse(query.from));
  // A date names the whole day (UTC); a date-time is the exact end.
  if (query.to) add('started_at < ?', dateOnly.test(query.to) ? Date.parse(query.to) + DAY_MS : Date.parse(query.to));
  if (query.disposition) add('disposition = ?', query.disposition);
  if (query.outcome) add('outcome = ?', query.outcome);
  return { sql: clauses.length ? clauses.join(' AND ') : '1', params };
}

export interface Cursor {
  startedAt: number;
  id: number;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.startedAt}:${c.id}`).toString('base64url');
}

export function decodeCursor(text: string): Cursor {
  const match = /^(-?\d+):(\d+)$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!match) throw invalidState('That page of history is no longer valid; reload the list');
  return { startedAt: Number(match[1]), id: Number(match[2]) };
}

/** Rows strictly after the cursor in (started_at DESC, id DESC) order. */
export function afterCursor(c: Cursor): Where {
  return { sql: '(started_at < ? OR (started_at = ? AND id < ?))', params: [c.startedAt, c.startedAt, c.id] };
}
