/**
 * Imported first by ground-truth.e2e-spec.ts, before any app module, because app configs
 * are read when their module loads.
 *
 * - AUDIT_NIGHTLY=0: no repeatable nightly job; this file starts its runs itself.
 * - A bull prefix of this file's own (inside the run's prefix, so global teardown still
 *   removes its keys): in-process audit workers of other e2e files must never take these
 *   jobs, and this file's worker must never take theirs.
 */
process.env.AUDIT_NIGHTLY = '0';
process.env.AUDIT_CONCURRENCY = '2';
process.env.BULL_PREFIX = `${process.env.BULL_PREFIX ?? 'jinshui-test'}:ground-truth`;

export {};
