// Minimal typings for the parts of better-sqlite3 v12 the relay uses (no @types package is installed).
declare module 'better-sqlite3' {
  export interface RunResult {
    changes: number;
    lastInsertRowid: number | bigint;
  }
  export interface Statement<Row = unknown> {
    run(...params: unknown[]): RunResult;
    get(...params: unknown[]): Row | undefined;
    all(...params: unknown[]): Row[];
  }
  export interface Database {
    pragma(source: string, options?: { simple?: boolean }): unknown;
    exec(source: string): Database;
    prepare<Row = unknown>(source: string): Statement<Row>;
    transaction<F extends (...args: never[]) => unknown>(fn: F): F;
    close(): Database;
  }
  export interface DatabaseConstructor {
    new (filename: string, options?: { timeout?: number }): Database;
  }
  const DatabaseCtor: DatabaseConstructor;
  export default DatabaseCtor;
}
