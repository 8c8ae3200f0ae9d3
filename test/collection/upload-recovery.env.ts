/**
 * Imported first by upload-recovery.e2e-spec.ts, before any app module (app configs are
 * read when their module loads):
 * - UPLOAD_WORKER=0: the collection app in the test process only receives files; uploads
 *   are processed by worker child processes that the test starts, kills, and whose Redis
 *   keys it deletes;
 * - a bull prefix of this file's own (inside the run's, so global teardown removes its keys);
 * - a database of this file's own (the run's name, suffixed; made and dropped by the file):
 *   the sweeper under test takes every unfinished upload of its database, and must see only
 *   this file's, never another file's left stopped on purpose.
 */
process.env.UPLOAD_WORKER = '0';
process.env.BULL_PREFIX = `${process.env.BULL_PREFIX ?? 'jinshui-test'}:upload-recovery`;
if (process.env.DATABASE_URL) {
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `${url.pathname}_recovery`;
  process.env.DATABASE_URL = url.toString();
}

export {};
