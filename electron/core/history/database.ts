/**
 * Opens the history database: better-sqlite3 (synchronous, in main's own thread; a write is a
 * few hundred microseconds) in WAL mode, then brings the schema up to date (migrations.ts).
 *
 * Durability: `journal_mode = WAL` + `synchronous = FULL`. Every write is one transaction, and
 * better-sqlite3 returns only after SQLite committed it: the WAL frames are written (and, with
 * FULL, fsynced) before `run()` returns. A `kill -9` cannot lose a committed transaction (the
 * bytes are in the file, or at least in the OS page cache, before the process can die); FULL
 * also keeps it through a power cut or an OS crash. Calls are few (a handful of writes per call),
 * so an fsync per commit costs nothing noticeable. The UI hears of a change (`history.changed`)
 * only after the commit returned: nothing is shown as saved before it is.
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
  db.pragma('synchronous = FULL');
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
