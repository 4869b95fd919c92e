/**
 * Opens the history database: better-sqlite3 (synchronous, in main's own thread; a write is a
 * few hundred microseconds) in WAL mode, then brings the schema up to date (migrations.ts).
 *
 * Durability: `journal_mode = WAL` + `synchronous = NORMAL`. Every write is one transaction, and
 * better-sqlite3 returns only after SQLite committed it: the commit's WAL frames have been handed
 * to the OS with write() before `run()` returns. A `kill -9` (or any crash of the app) cannot
 * lose them: they are in the kernel's page cache, which outlives the process, and the next open
 * replays the WAL (test/integration/history/kill9.test.ts). What NORMAL gives up is an fsync per
 * commit: a power cut or an OS crash may roll back the last few commits (never corrupt the file).
 * FULL would cost an fsync (tens of ms on a busy disk) on main's thread for every write. The UI
 * hears of a change (`history.changed`) only after the commit returned: nothing is shown as saved
 * before it is.
 */
import DatabaseCtor, { type Database } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { migrations, SCHEMA_VERSION, type Migration } from './migrations';

export type HistoryDatabase = Database;

export const HISTORY_FILE_NAME = 'history.sqlite';

/** `dir` = the app's user-data folder; absent = an in-memory database (nothing kept). */
export function openHistoryDatabase(dir: string | undefined, upTo: number = SCHEMA_VERSION): HistoryDatabase {
  let file = ':memory:';
  if (dir) {
    mkdirSync(dir, { recursive: true });
    file = path.join(dir, HISTORY_FILE_NAME);
  }
  const db = new DatabaseCtor(file, { timeout: 2000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations.slice(0, upTo));
  return db;
}

/** Applies the steps the file has not seen yet, each with its version bump in one transaction. */
export function migrate(db: HistoryDatabase, steps: readonly Migration[] = migrations): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > steps.length) {
    throw new Error(`history database is version ${current}, newer than this app knows (${steps.length}); update the app`);
  }
  for (let version = current; version < steps.length; version++) {
    db.transaction(() => {
      db.exec(steps[version]!.sql);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
  return steps.length;
}
