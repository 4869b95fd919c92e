/**
 * Waits until `read()` returns something truthy and resolves with it (a found row, `true`);
 * fails with "timed out waiting for <what>" after `timeoutMs`. Polls every 10 ms.
 */
export async function until<T>(read: () => T, what = 'condition', timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** `until` for a condition that has to be read asynchronously (an HTTP answer, a Redis key). */
export async function untilAsync<T>(read: () => Promise<T>, what = 'condition', timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
