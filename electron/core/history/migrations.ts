/**
 * The history database's schema, as the list of steps that built it. `PRAGMA user_version` is the
 * number of steps applied; opening runs the missing ones, each in its own transaction, so a file
 * from any earlier version upgrades in place and a half-applied step never persists. Append new
 * steps at the end; never edit one that shipped.
 */
export interface Migration {
  /** What the step adds, for the log. */
  what: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    what: 'v1: calls and their recordings',
    sql: `
      CREATE TABLE calls (
        id INTEGER PRIMARY KEY,
        -- One row per call: the conference id, 'missed:<caller leg>' or 'outbound:<leg>'.
        call_key TEXT NOT NULL UNIQUE,
        direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
        number TEXT NOT NULL DEFAULT '',
        -- The number's digits only: what a search by number compares.
        number_digits TEXT NOT NULL DEFAULT '',
        queue TEXT,
        conference_id TEXT,
        caller_call_control_id TEXT,
        agent_call_control_id TEXT,
        outcome TEXT NOT NULL,
        -- Times in epoch milliseconds (UTC); durations in whole seconds.
        started_at INTEGER NOT NULL,
        answered_at INTEGER,
        ended_at INTEGER,
        waiting_secs INTEGER,
        talking_secs INTEGER,
        hold_secs INTEGER NOT NULL DEFAULT 0,
        wrap_up_secs INTEGER,
        disposition TEXT,
        notes TEXT
      );
      CREATE INDEX calls_newest ON calls (started_at DESC, id DESC);
      CREATE INDEX calls_conference ON calls (conference_id) WHERE conference_id IS NOT NULL;
      CREATE TABLE recordings (
        call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
        recording_id TEXT NOT NULL,
        wav TEXT,
        mp3 TEXT,
        saved_at INTEGER NOT NULL,
        PRIMARY KEY (call_id, recording_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    what: 'v2: call quality (softphone), transfers, and indexes for the filters',
    sql: `
      ALTER TABLE calls ADD COLUMN worst_mos REAL;
      -- A JSON array of the softphone's warning names.
      ALTER TABLE calls ADD COLUMN quality_warnings TEXT;
      ALTER TABLE calls ADD COLUMN transfer_to TEXT;
      ALTER TABLE calls ADD COLUMN transfer_from TEXT;
      CREATE INDEX calls_outcome ON calls (outcome, started_at DESC, id DESC);
      CREATE INDEX calls_disposition ON calls (disposition, started_at DESC, id DESC) WHERE disposition IS NOT NULL;
      -- Covers a search by number: scanning this index reads no table page until a row matches.
      CREATE INDEX calls_number ON calls (number_digits, started_at, id);
    `,
  },
  {
    what: 'v3: a trigram index of the numbers, so a search by part of a number reads only the calls that match',
    sql: `
      DROP INDEX calls_number;
      CREATE VIRTUAL TABLE calls_number_fts USING fts5 (number_digits, content = 'calls', content_rowid = 'id', tokenize = 'trigram');
      INSERT INTO calls_number_fts (calls_number_fts) VALUES ('rebuild');
      CREATE TRIGGER calls_number_fts_insert AFTER INSERT ON calls BEGIN
        INSERT INTO calls_number_fts (rowid, number_digits) VALUES (new.id, new.number_digits);
      END;
      CREATE TRIGGER calls_number_fts_delete AFTER DELETE ON calls BEGIN
        INSERT INTO calls_number_fts (calls_number_fts, rowid, number_digits) VALUES ('delete', old.id, old.number_digits);
      END;
      CREATE TRIGGER calls_number_fts_update AFTER UPDATE OF number_digits ON calls BEGIN
        INSERT INTO calls_number_fts (calls_number_fts, rowid, number_digits) VALUES ('delete', old.id, old.number_digits);
        INSERT INTO calls_number_fts (rowid, number_digits) VALUES (new.id, new.number_digits);
      END;
    `,
  },
  {
    what: 'v4: the caller id an outbound call used, and why a call that never connected ended',
    sql: `
      ALTER TABLE calls ADD COLUMN caller_id TEXT;
      -- Telnyx's hangup_cause (user_busy, timeout, call_rejected, originator_cancel…).
      ALTER TABLE calls ADD COLUMN hangup_cause TEXT;
      -- Open rows (a call in progress) are what the start-up reconcile reads.
      CREATE INDEX calls_open ON calls (id) WHERE ended_at IS NULL;
    `,
  },
  {
    what: 'v5: transfer target legs still ringing (hung up at the next start if the app died meanwhile)',
    sql: `
      CREATE TABLE transfer_legs (
        call_control_id TEXT PRIMARY KEY,
        conference_id TEXT NOT NULL,
        dialled_at INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
];

export const SCHEMA_VERSION = migrations.length;
