// Fuzz of the IPC dispatcher: seeded random payloads (a few thousand) to every contract method,
// built from each method's own field names and plausible values so that some pass and most
// fail. The dispatcher never throws, a payload its schema refuses never reaches a handler and
// always answers VALIDATION, and a handler only ever sees params the schema accepts. Bounded by
// the unit project's default 5 s test timeout.
import { describe, expect, it } from 'vitest';
import { errorCodes, type MethodName } from '../../../electron/contract';
import { methodParams } from '../../../electron/contract/schemas';
import { createDispatcher, type Handlers } from '../../../electron/core/dispatch';
import { createLogger } from '../../../electron/core/log';
import { createSwitchboardCore } from '../../../electron/core/switchboard-core';
import { createAesVault, createMemoryStore } from '../../harness/host-adapters';

const log = createLogger({ level: 'error', sink: () => {} });
const methods = Object.keys(methodParams) as MethodName[];

/** mulberry32: small, fast, and the same sequence for the same seed. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const plausible: unknown[] = [
  '', ' ', 'a', 'v3:abc123', 'conf-1', '+15551234567', 'sip:agent@example.com', 'https://example.com/a.mp3',
  'javascript:alert(1)', 'file:///etc/passwd', 'mp3', 'wav', 'dual', 'whisper', 'barge', 'monitor', 'available', 'away',
  'apiKey', 'relayToken', 'KEY0190C6F5A1B2C3D4E5F6', 'toggleMute', 'leave', 'CommandOrControl+Shift+M', 'Ctrl+Nope',
  'infinity', 'stable', 'beta', 'dark', 'x'.repeat(600), '\u0000', '𝄞', 0, -1, 1, 5, 101, 1.5, NaN, Infinity, -0,
  1e308, true, false, null, undefined, 10n, new Date(0), new Uint8Array([1, 2]), new Map([['a', 1]]), [], [''], ['v3:a', 'v3:b'],
];
const junkKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'then', '', 'extra', 'Status'];

function keysOf(method: MethodName): string[] {
  const shape = (methodParams[method] as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

function randomValue(rand: () => number, method: MethodName, depth: number): unknown {
  const r = rand();
  if (depth > 2 || r < 0.6) return plausible[Math.floor(rand() * plausible.length)];
  if (r < 0.75) return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, method, depth + 1));
  return randomObject(rand, method, depth + 1);
}

function randomObject(rand: () => number, method: MethodName, depth: number): Record<string, unknown> {
  const own = keysOf(method);
  const out: Record<string, unknown> = {};
  const n = Math.floor(rand() * (own.length + 2));
  for (let i = 0; i < n; i++) {
    const key = rand() < 0.85 && own.length ? own[Math.floor(rand() * own.length)]! : junkKeys[Math.floor(rand() * junkKeys.length)]!;
    // defineProperty makes "__proto__" an own key, as JSON.parse or structured clone would.
    Object.defineProperty(out, key, { value: randomValue(rand, method, depth), enumerable: true, configurable: true, writable: true });
  }
  return out;
}

function randomPayload(rand: () => number, method: MethodName): unknown {
  const r = rand();
  if (r < 0.08) return plausible[Math.floor(rand() * plausible.length)];
  if (r < 0.1) return JSON.parse('{"__proto__":{"polluted":true}}');
  return randomObject(rand, method, 0);
}

describe('dispatcher fuzz', () => {
  it('4000 seeded payloads over every method: no throw, refusals are VALIDATION, handlers see only valid params', async () => {
    const seen: Array<{ method: MethodName; params: unknown }> = [];
    const handlers = Object.fromEntries(
      methods.map((m) => [m, async (params: unknown) => (seen.push({ method: m, params }), null)]),
    ) as unknown as Handlers;
    const dispatch = createDispatcher(handlers, log);
    const rand = seeded(20261201);
    let accepted = 0;
    let refused = 0;
    const problems: string[] = [];
    for (let i = 0; i < 4000; i++) {
      const method = methods[i % methods.length]!;
      const payload = randomPayload(rand, method);
      const valid = methodParams[method].safeParse(payload ?? {}).success;
      const before = seen.length;
      const outcome = await dispatch(method, payload);
      const what = `${method} #${i}`;
      if (outcome.ok) {
        accepted++;
        if (!valid) problems.push(`${what}: accepted a payload its schema refuses`);
        if (seen.length !== before + 1) problems.push(`${what}: accepted without running its handler once`);
        else if (!methodParams[method].safeParse(seen.at(-1)!.params).success) problems.push(`${what}: handler saw invalid params`);
      } else {
        refused++;
        if (outcome.error.code !== 'VALIDATION') problems.push(`${what}: ${outcome.error.code} ${outcome.error.message}`);
        if (valid) problems.push(`${what}: refused a valid payload`);
        if (seen.length !== before) problems.push(`${what}: handler ran for a refused payload`);
        if (outcome.error.message.length >= 300) problems.push(`${what}: error message echoes the payload`);
      }
    }
    expect(problems).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // The generator must exercise both sides, or the test proves nothing.
    expect(accepted).toBeGreaterThan(200);
    expect(refused).toBeGreaterThan(2000);
    expect(new Set(seen.map((s) => s.method)).size).toBeGreaterThan(methods.length / 2);
  });

  it('unknown and prototype method names are UNKNOWN_METHOD, never a handler', async () => {
    const dispatch = createDispatcher({} as Handlers, log);
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'app.getinfo', '', 'x'.repeat(10_000)]) {
      const outcome = await dispatch(name, {});
      expect(outcome).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
      if (!outcome.ok) expect(outcome.error.message.length).toBeLessThan(100);
    }
  });

  it('the real core refuses every schema-invalid payload with VALIDATION before any work', async () => {
    const core = createSwitchboardCore({ store: createMemoryStore(), vault: createAesVault(), log, appVersion: '0.0.0-test', platform: 'linux' });
    const settingsBefore = JSON.stringify(core.settings.get());
    const rand = seeded(7);
    let checked = 0;
    for (let i = 0; i < 1500; i++) {
      const method = methods[i % methods.length]!;
      const payload = randomPayload(rand, method);
      if (methodParams[method].safeParse(payload ?? {}).success) continue;
      const outcome = await core.dispatch(method, payload);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) {
        expect(errorCodes).toContain(outcome.error.code);
        expect(outcome.error.code).toBe('VALIDATION');
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(1000);
    expect(JSON.stringify(core.settings.get())).toBe(settingsBefore);
    expect(core.demo()).toBeUndefined();
    await core.stop();
  });
});
