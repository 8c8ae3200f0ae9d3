/**
 * Imported first by hostile-input.e2e-spec.ts, before any app module, because app configs
 * are read when their module loads.
 *
 * - A bull prefix of this file's own (inside the run's prefix, so global teardown still
 *   removes its keys), and no consumers: the audits and uploads that valid-looking fuzzed
 *   requests start are queued and never run, so they touch no other file's data.
 */
process.env.AUDIT_CONCURRENCY = '0';
process.env.AUDIT_NIGHTLY = '0';
process.env.UPLOAD_WORKER = '0';
process.env.BULL_PREFIX = `${process.env.BULL_PREFIX ?? 'jinshui-test'}:hostile-input`;

export {};
