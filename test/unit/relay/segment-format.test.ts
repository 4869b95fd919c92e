// The file log's record framing: what is framed decodes to the same event (UTF-8 beyond ASCII,
// nulls, a body larger than the batch buffer), a scan finds exactly the whole records, and the
// table CRC-32 used on runtimes without zlib.crc32 agrees with zlib's.
import { randomBytes } from 'node:crypto';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeRecord, RecordBatch, scanRecords, tableCrc32, type LoggedEvent } from '../../../relay/src/store/segment-format';

const event = (raw: string, overrides: Partial<LoggedEvent> = {}): LoggedEvent => ({
  telnyxId: 'a1b2c3', eventType: 'call.initiated', connectionId: '1684641123236054244', queue: null, raw, signature: 'c2lnbmF0dXJl', timestamp: '1700000000', receivedAt: 1_764_650_000_123, ...overrides,
});

describe('segment record framing', () => {
  it('decodes what it framed, field for field, past the buffer it started with', () => {
    const events = [
      event('{"caller":"Zoë ☎ 🎧"}', { queue: 'ventes-été', connectionId: null }),
      event(JSON.stringify({ big: 'é'.repeat(100_000) })), // grows the 64 KiB batch buffer
      event('{}', { telnyxId: 'ß' }),
    ];
    const batch = new RecordBatch();
    const offsets = events.map((e) => batch.add(e));
    const bytes = Buffer.from(batch.bytes());
    expect(offsets.map((o) => decodeRecord(bytes, o))).toEqual(events);
    const scan = scanRecords(bytes);
    expect(scan.validBytes).toBe(bytes.length);
    expect(scan.records).toEqual(events.map((e, i) => ({ offset: offsets[i], receivedAt: e.receivedAt, telnyxId: e.telnyxId })));
  });

  it('stops a scan at the first record that is cut short or does not match its CRC', () => {
    const batch = new RecordBatch();
    const second = [event('{"n":1}'), event('{"n":2}'), event('{"n":3}')].map((e) => batch.add(e))[1]!;
    const bytes = Buffer.from(batch.bytes());
    expect(scanRecords(bytes.subarray(0, bytes.length - 1)).records).toHaveLength(2);
    const flipped = Buffer.from(bytes);
    flipped[second + 20] = flipped[second + 20]! ^ 0xff;
    expect(scanRecords(flipped)).toEqual({ records: [expect.objectContaining({ offset: 0 })], validBytes: second });
    expect(scanRecords(Buffer.alloc(4096)).validBytes).toBe(0); // zeros (a probe's leftovers) are no record
  });

  it('computes the same CRC-32 as zlib without it', () => {
    for (const size of [0, 1, 7, 1000, 65_537]) {
      const data = randomBytes(size);
      expect(tableCrc32(data)).toBe(zlib.crc32(data));
    }
  });
});
