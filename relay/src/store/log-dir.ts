import { readdirSync, readFileSync, readSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { newEpoch } from './types';

// The file log's directory (file.ts): segment names, the epoch file, the one-writer lock, and
// whole reads and writes at a position.

/** `<first seq, 16 digits>.seg`: names sort in log order. */
export const SEGMENT_NAME = /^(\d{16})\.seg$/;
export const segmentName = (firstSeq: number) => `${String(firstSeq).padStart(16, '0')}.seg`;

export function writeAt(fd: number, bytes: Buffer, position: number): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
}

export function readAt(fd: number, position: number, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, bytes, done, length - done, position + done);
    if (n === 0) throw new Error('file log: segment shorter than its index');
    done += n;
  }
  return bytes;
}

/** The log's epoch, created once (written aside, then renamed, so it is never half there). */
export function readOrCreateEpoch(dir: string): string {
  const path = join(dir, 'epoch');
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (readdirSync(dir).some((n) => SEGMENT_NAME.test(n))) throw new Error(`file log ${dir}: segments but no epoch file; restore it or move the segments away`);
  const epoch = newEpoch();
  writeFileSync(`${path}.tmp`, epoch);
  renameSync(`${path}.tmp`, path);
  return epoch;
}

/** Log directories this process holds (a lock file naming our own pid but not listed here is stale). */
const heldDirs = new Set<string>();

/**
 * One relay per log directory: two writers would interleave records. The lock file names the
 * holder's pid; a lock whose process is gone (kill -9, or a container restarted with the same pid)
 * is taken over.
 */
export function takeLock(dir: string): void {
  if (heldDirs.has(dir)) throw new Error(`file log ${dir} is already open in this process`);
  const path = join(dir, 'lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      heldDirs.add(dir);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(readFileSync(path, 'utf8'));
    if (holder !== process.pid && processAlive(holder)) throw new Error(`file log ${dir} is in use by process ${holder}`);
    unlinkSync(path);
  }
  throw new Error(`file log ${dir}: could not take its lock`);
}

export function releaseLock(dir: string): void {
  heldDirs.delete(dir);
  try {
    unlinkSync(join(dir, 'lock'));
  } catch {
    // already gone
  }
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
