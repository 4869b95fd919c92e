// Durability: call history killed with SIGKILL while it writes must still have every call it
// acknowledged (printed after the write returned) when the database is opened again.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHistoryService } from '../../../electron/core/history';
import { createLogger } from '../../../electron/core/log';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('call history under kill -9', () => {
  it('keeps every call it acknowledged, with what was written to it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'history-kill9-'));
    dirs.push(dir);
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/history-writer.ts', dir], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    const acknowledged: Array<{ id: number; conferenceId: string }> = [];
    let partial = '';
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    // Kill once 300 calls are acknowledged: the writer is mid-stream (it never stops by itself).
    await new Promise<void>((resolve) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        const lines = (partial + chunk.toString()).split('\n');
        partial = lines.pop()!;
        for (const line of lines) {
          const [id, conferenceId] = line.split(' ');
          acknowledged.push({ id: Number(id), conferenceId: conferenceId! });
        }
        if (acknowledged.length >= 300 && child.exitCode === null && !child.killed) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    expect(await exited).toBe('SIGKILL');

    const history = createHistoryService({ host: { dir }, settings: () => ({ retentionDays: 365 }), log: createLogger({ level: 'error', sink: () => {} }) });
    try {
      expect(acknowledged.length).toBeGreaterThanOrEqual(300);
      for (const { id, conferenceId } of acknowledged) {
        // The call and the annotation written before it was acknowledged.
        expect(history.callOf(conferenceId)).toMatchObject({ id, direction: 'outbound', disposition: 'sale' });
      }
    } finally {
      history.close();
    }
  });
});
