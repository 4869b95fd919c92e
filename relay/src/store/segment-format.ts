import * as zlib from 'node:zlib';
import type { IncomingEvent } from './types';

/**
 * The file log's record framing (file.ts). A segment file is a run of records:
 *
 *   u32 payload length · u32 CRC-32 of the payload · payload
 *   payload = f64 receivedAt, then telnyxId, eventType, connectionId, queue, signature, timestamp,
 *             raw — each u32 byte length (0xFFFFFFFF = null) + UTF-8 bytes. All little-endian.
 *
 * Binary, not JSON: the 1 KB body is copied as UTF-8, never escaped. The length + CRC let a scan
 * at start find where a write torn by kill -9 (or a full disk) ends the valid log.
 */

export type LoggedEvent = Omit<IncomingEvent, 'parsed' | 'callControlId' | 'conferenceId'>;

export const HEADER_BYTES = 8;
/** A record longer than this is not one the relay wrote (webhooks are ≤ 1 MB): the scan stops there. */
const MAX_PAYLOAD_BYTES = 8 * 1024 * 1024;
const NULL_LENGTH = 0xffffffff;
const FIELDS = 7;

/** CRC-32 (zlib's). Node ≥ 20.15 has it natively; older runtimes get the table version. */
const nativeCrc32 = (zlib as { crc32?: (data: Buffer) => number }).crc32;
const crc32: (data: Buffer) => number = nativeCrc32 ? (data) => nativeCrc32(data) : tableCrc32;

let table: Uint32Array | undefined;
/** The table CRC-32, exported for its test against zlib. */
export function tableCrc32(data: Buffer): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Frames a batch of records into one reusable buffer, so a batch is one write. */
export class RecordBatch {
  private buffer = Buffer.allocUnsafe(64 * 1024);
  /** Bytes framed so far. */
  length = 0;

  reset(): void {
    this.length = 0;
  }

  /** The framed bytes (a view valid until the next `add` or `reset`). */
  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  /** Frames one record; returns its offset within the batch. */
  add(e: LoggedEvent): number {
    const strings = [e.telnyxId, e.eventType, e.connectionId, e.queue, e.signature, e.timestamp, e.raw];
    let units = 0;
    for (const s of strings) units += s?.length ?? 0;
    // UTF-8 needs at most 3 bytes per UTF-16 unit: room for the worst case, then the exact write.
    this.reserve(HEADER_BYTES + 8 + FIELDS * 4 + units * 3);
    const buf = this.buffer;
    const start = this.length;
    let at = start + HEADER_BYTES;
    buf.writeDoubleLE(e.receivedAt, at);
    at += 8;
    for (const s of strings) {
      if (s === null) {
        buf.writeUInt32LE(NULL_LENGTH, at);
        at += 4;
      } else {
        const n = buf.write(s, at + 4, 'utf8');
        buf.writeUInt32LE(n, at);
        at += 4 + n;
      }
    }
    buf.writeUInt32LE(at - start - HEADER_BYTES, start);
    buf.writeUInt32LE(crc32(buf.subarray(start + HEADER_BYTES, at)), start + 4);
    this.length = at;
    return start;
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}

/** Reads the record at `offset` of `buf` (framing already checked when the log was scanned or written). */
export function decodeRecord(buf: Buffer, offset: number): LoggedEvent {
  let at = offset + HEADER_BYTES;
  const receivedAt = buf.readDoubleLE(at);
  at += 8;
  const next = (): string | null => {
    const n = buf.readUInt32LE(at);
    at += 4;
    if (n === NULL_LENGTH) return null;
    const s = buf.toString('utf8', at, at + n);
    at += n;
    return s;
  };
  const telnyxId = next()!;
  const eventType = next()!;
  const connectionId = next();
  const queue = next();
  const signature = next()!;
  const timestamp = next()!;
  const raw = next()!;
  return { telnyxId, eventType, connectionId, queue, raw, signature, timestamp, receivedAt };
}

export interface ScannedRecord {
  offset: number;
  receivedAt: number;
  telnyxId: string;
}

/**
 * Walks the records of one segment's bytes; returns them and where the valid log ends. A record
 * that does not fit, claims a silly length or fails its CRC ends the scan: what follows is a torn
 * write, never acknowledged, and is cut off.
 */
export function scanRecords(buf: Buffer): { records: ScannedRecord[]; validBytes: number } {
  const records: ScannedRecord[] = [];
  let at = 0;
  while (at + HEADER_BYTES <= buf.length) {
    const length = buf.readUInt32LE(at);
    const end = at + HEADER_BYTES + length;
    if (length < 8 + FIELDS * 4 || length > MAX_PAYLOAD_BYTES || end > buf.length) break;
    if (crc32(buf.subarray(at + HEADER_BYTES, end)) !== buf.readUInt32LE(at + 4)) break;
    const idAt = at + HEADER_BYTES + 8;
    const idLength = buf.readUInt32LE(idAt);
    if (idAt + 4 + idLength > end) break;
    records.push({ offset: at, receivedAt: buf.readDoubleLE(at + HEADER_BYTES), telnyxId: buf.toString('utf8', idAt + 4, idAt + 4 + idLength) });
    at = end;
  }
  return { records, validBytes: at };
}
