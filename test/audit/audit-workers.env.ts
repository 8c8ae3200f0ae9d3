/**
 * Imported first by audit-workers.e2e-spec.ts, before any app module, because app configs
 * are read when their module loads.
 *
 * - AUDIT_CONCURRENCY=0, AUDIT_NIGHTLY=0: the audit app in the test process only starts
 *   runs; the queues are consumed by child processes that the test starts and kills.
 * - A bull prefix of this file's own (inside the run's prefix, so global teardown still
 *   removes its keys): in-process audit workers of other e2e files must never take these jobs.
 */
process.env.AUDIT_CONCURRENCY = '0';
process.env.AUDIT_NIGHTLY = '0';
process.env.BULL_PREFIX = `${process.env.BULL_PREFIX ?? 'jinshui-test'}:audit-workers`;

export {};
