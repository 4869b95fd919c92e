// The simulator's manual clock (sim/src/clock.ts): time moves only when advanced, timers fire in
// time order each at its own instant, and an advance waits for the settle hook after each timer.
import { describe, expect, it } from 'vitest';
import { SimClock } from '../../../sim/src/clock';

const T0 = Date.parse('2026-06-01T09:00:00Z');

describe('manual simulator clock', () => {
  it('stands still until advanced, then fires due timers in order, each seeing its own due time', async () => {
    const clock = new SimClock(1, T0);
    const fired: Array<[string, number]> = [];
    const mark = (name: string) => () => fired.push([name, clock.now()]);
    clock.afterSecs(30, mark('thirty'));
    clock.afterSecs(10, mark('ten'));
    clock.afterSecs(10, mark('ten, set later'));
    clock.afterSecs(Infinity, mark('never'));
    clock.afterSecs(5, mark('cancelled')).cancel();
    clock.afterRealMs(20_000, () => {
      mark('twenty')();
      clock.afterSecs(5, mark('set at twenty')); // due at 25 s: within this advance
    });
    expect(clock.manual).toBe(true);
    expect(clock.now()).toBe(T0);
    expect(clock.date().toISOString()).toBe('2026-06-01T09:00:00.000Z');

    await clock.advance(29_999);
    expect(fired).toEqual([['ten', T0 + 10_000], ['ten, set later', T0 + 10_000], ['twenty', T0 + 20_000], ['set at twenty', T0 + 25_000]]);
    expect(clock.now()).toBe(T0 + 29_999);
    await clock.advanceTo(T0 + 30_000);
    expect(fired.at(-1)).toEqual(['thirty', T0 + 30_000]);
    expect(clock.pendingTimers()).toBe(0); // an infinite wait is never even set
  });

  it('awaits the settle hook after every timer and at the end, and runs advances one at a time', async () => {
    const clock = new SimClock(1, T0);
    const log: string[] = [];
    clock.onSettle(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      log.push(`settled at ${(clock.now() - T0) / 1000}`);
    });
    clock.afterSecs(1, () => log.push('one'));
    clock.afterSecs(2, () => log.push('two'));
    const first = clock.advance(1500);
    const second = clock.advance(1500); // starts from where the first one ends
    await Promise.all([first, second]);
    expect(log).toEqual(['one', 'settled at 1', 'settled at 1.5', 'two', 'settled at 2', 'settled at 3']);
    expect(clock.now()).toBe(T0 + 3000);
  });

  it('refuses to go back in time, and a real clock refuses to be advanced', async () => {
    const clock = new SimClock(1, T0);
    await expect(clock.advanceTo(T0 - 1)).rejects.toThrow(/back/);
    await expect(clock.advance(-1)).rejects.toThrow();
    await expect(new SimClock(0.1).advance(1)).rejects.toThrow(/real time/);
    expect(() => new SimClock(0.5, T0)).toThrow(/timeScale/);
  });

  it('drops every timer on close', async () => {
    const clock = new SimClock(1, T0);
    const fired: string[] = [];
    clock.afterSecs(1, () => fired.push('one'));
    clock.close();
    clock.afterSecs(1, () => fired.push('after close'));
    await clock.advance(10_000);
    expect(fired).toEqual([]);
  });
});
