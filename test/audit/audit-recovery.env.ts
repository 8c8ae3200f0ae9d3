/**
 * Imported first by audit-recovery.e2e-spec.ts, before any app module (app configs are read
 * when their module loads):
 * - AUDIT_CONCURRENCY=0, AUDIT_NIGHTLY=0: the audit app in the test process only starts
 *   runs and reads the queues; worker child processes consume them and sweep;
 * - a bull prefix of this file's own (inside the run's, so global teardown removes its keys);
 * - a database of this file's own (made and dropped by the file): the sweeper under test
 *   takes every unfinished run of its database, and must see only this file's.
 */
process.env.AUDIT_CONCURRENCY = '0';
process.env.AUDIT_NIGHTLY = '0';
process.env.BULL_PREFIX = `${process.env.BULL_PREFIX ?? 'jinshui-test'}:audit-recovery`;
if (process.env.DATABASE_URL) {
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `${url.pathname}_audit_recovery`;
  process.env.DATABASE_URL = url.toString();
}

export {};
