// Simulator internals that need no sockets: signing, ids, paging, audio, errors, parameters.
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import Telnyx from 'telnyx';
import { publicKeyBase64, signTelnyxWebhook, generateToneWav } from '../../../sim/src/index';
import { apiErrors } from '../../../sim/src/errors';
import { IdFactory, seededRandom } from '../../../sim/src/random';
import { paginate } from '../../../sim/src/engine';
import { queryFrom, requireString, optionalInt, optionalStringArray } from '../../../sim/src/params';
import { SimClock } from '../../../sim/src/clock';

describe('signing', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');

  it('signs `${timestamp}|${body}` with Ed25519 and exports the raw 32-byte public key', () => {
    const body = '{"data":{"event_type":"call.initiated"}}';
    const headers = signTelnyxWebhook(body, privateKey, 1_700_000_000);
    expect(headers['telnyx-timestamp']).toBe('1700000000');
    const signature = Buffer.from(headers['telnyx-signature-ed25519'], 'base64');
    expect(signature).toHaveLength(64);
    expect(verify(null, Buffer.from(`1700000000|${body}`), publicKey, signature)).toBe(true);
    expect(verify(null, Buffer.from(`1700000001|${body}`), publicKey, signature)).toBe(false);
    const raw = Buffer.from(publicKeyBase64(privateKey), 'base64');
    expect(raw).toHaveLength(32);
    expect(publicKeyBase64(createPublicKey(privateKey))).toBe(publicKeyBase64(privateKey));
  });

  it('is accepted by the official SDK, and rejected when stale or tampered', async () => {
    const client = new Telnyx({ apiKey: 'k', publicKey: publicKeyBase64(privateKey) });
    const body = JSON.stringify({ data: { event_type: 'call.hangup', id: 'x', payload: {} } });
    const headers = signTelnyxWebhook(body, privateKey);
    await expect(client.webhooks.unwrap(body, { headers: { ...headers } })).resolves.toMatchObject({ data: { event_type: 'call.hangup' } });
    const stale = signTelnyxWebhook(body, privateKey, Math.floor(Date.now() / 1000) - 301);
    await expect(client.webhooks.unwrap(body, { headers: { ...stale } })).rejects.toThrow();
    await expect(client.webhooks.unwrap(body.replace('hangup', 'answered'), { headers: { ...headers } })).rejects.toThrow();
  });
});

describe('ids and randomness', () => {
  it('a seed reproduces the same sequence; ids have Telnyx shapes', () => {
    const a = new IdFactory(seededRandom(1));
    const b = new IdFactory(seededRandom(1));
    const first = [a.uuid(), a.callControlId()];
    expect([b.uuid(), b.callControlId()]).toEqual(first);
    expect(first[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first[1]).toMatch(/^v3:[A-Za-z0-9_-]{54}$/);
    expect(new IdFactory(seededRandom(2)).uuid()).not.toBe(first[0]);
    const r = seededRandom(3);
    for (let i = 0; i < 1000; i++) {
      const x = r();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});

describe('pagination', () => {
  const items = Array.from({ length: 45 }, (_, i) => i);

  it('pages with Telnyx meta; total_pages is at least 1', () => {
    const page = paginate(items, queryFrom('page%5Bnumber%5D=3&page%5Bsize%5D=20'));
    expect(page.items).toEqual([40, 41, 42, 43, 44]);
    expect(page.meta).toEqual({ page_number: 3, page_size: 20, total_pages: 3, total_results: 45 });
    expect(paginate([], queryFrom('')).meta).toEqual({ page_number: 1, page_size: 20, total_pages: 1, total_results: 0 });
  });

  it('rejects sizes over 250 and page numbers below 1 with 10033', () => {
    expect(() => paginate(items, queryFrom('page[size]=251'))).toThrow(expect.objectContaining({ code: '10033', status: 422 }));
    expect(() => paginate(items, queryFrom('page[number]=0'))).toThrow(expect.objectContaining({ code: '10033' }));
  });
});

describe('parameters and errors', () => {
  it('a missing required field is 10004 naming the field; wrong types are 10015', () => {
    expect(() => requireString({}, 'queue_name')).toThrow(expect.objectContaining({ code: '10004', pointer: '/queue_name' }));
    expect(() => requireString({ queue_name: 5 }, 'queue_name')).toThrow(expect.objectContaining({ code: '10015' }));
    expect(() => optionalInt({ max_size: 0 }, 'max_size', 1, 10)).toThrow(expect.objectContaining({ code: '10033' }));
    expect(() => optionalStringArray({ ids: [1] }, 'ids')).toThrow(expect.objectContaining({ code: '10015' }));
    expect(optionalStringArray({}, 'ids')).toBeUndefined();
  });

  it('error bodies have Telnyx shape', () => {
    expect(apiErrors.missingParameter('to').toBody()).toEqual({
      errors: [{ code: '10004', title: 'Missing required parameter', detail: "The 'to' parameter is required and cannot be blank.", source: { pointer: '/to' } }],
    });
    expect(apiErrors.conferenceNotFound().status).toBe(404);
    expect(apiErrors.unauthorized().toBody().errors[0]?.code).toBe('10009');
  });
});

describe('audio', () => {
  it('generates a valid PCM WAV of the requested length', () => {
    const wav = generateToneWav(2, 8000);
    expect(wav.subarray(0, 4).toString('ascii')).toBe('RIFF');
    expect(wav.subarray(8, 12).toString('ascii')).toBe('WAVE');
    expect(wav.readUInt16LE(20)).toBe(1); // PCM
    expect(wav.readUInt32LE(24)).toBe(8000);
    expect(wav.readUInt32LE(40)).toBe(2 * 8000 * 2);
    expect(wav.length).toBe(44 + 32000);
  });
});

describe('simulated clock', () => {
  it('scales durations and cancels everything on close', () => {
    vi.useFakeTimers();
    try {
      const clock = new SimClock(0.1);
      const fired: string[] = [];
      clock.afterSecs(10, () => fired.push('ten')); // 1 s real
      clock.afterSecs(Infinity, () => fired.push('never'));
      const cancelled = clock.afterSecs(1, () => fired.push('cancelled'));
      cancelled.cancel();
      vi.advanceTimersByTime(999);
      expect(fired).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(fired).toEqual(['ten']);
      clock.afterSecs(1, () => fired.push('after close'));
      clock.close();
      vi.advanceTimersByTime(10_000);
      expect(fired).toEqual(['ten']);
    } finally {
      vi.useRealTimers();
    }
  });
});
