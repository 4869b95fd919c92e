/**
 * History as CSV (RFC 4180): a cell with a comma, a quote or a line break is quoted, quotes
 * doubled. A text cell that a spreadsheet would run as a formula (starting with = + - @, or a
 * tab or carriage return) is prefixed with ' (OWASP's CSV injection guard); so "+15550100"
 * exports as '+15550100, which every spreadsheet shows as text.
 */
import type { HistoryCall } from '../../contract';

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const columns: Array<[header: string, cell: (c: HistoryCall) => string | number | undefined]> = [
  ['id', (c) => c.id],
  ['direction', (c) => c.direction],
  ['number', (c) => c.number],
  ['queue', (c) => c.queue],
  ['outcome', (c) => c.outcome],
  ['started_at', (c) => c.startedAt],
  ['answered_at', (c) => c.answeredAt],
  ['ended_at', (c) => c.endedAt],
  ['waiting_secs', (c) => c.waitingSecs],
  ['talking_secs', (c) => c.talkingSecs],
  ['hold_secs', (c) => c.holdSecs],
  ['wrap_up_secs', (c) => c.wrapUpSecs],
  ['disposition', (c) => c.disposition],
  ['notes', (c) => c.notes],
  ['recordings', (c) => c.recordings.map((r) => r.mp3 ?? r.wav ?? '').filter(Boolean).join(' ') || undefined],
  ['worst_mos', (c) => c.quality?.worstMos],
  ['quality_warnings', (c) => c.quality?.warnings.join(' ') || undefined],
  ['transfer_to', (c) => c.transfer?.to],
  ['transfer_from', (c) => c.transfer?.from],
  ['conference_id', (c) => c.conferenceId],
  ['caller_id', (c) => c.callerId],
  ['hangup_cause', (c) => c.hangupCause],
];

export const csvHeader = columns.map(([h]) => h).join(',') + '\r\n';

export function csvRow(call: HistoryCall): string {
  return columns.map(([, cell]) => csvCell(cell(call))).join(',') + '\r\n';
}
