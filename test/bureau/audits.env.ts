/**
 * Imported first by audits.e2e-spec.ts, before any app module, because app configs are
 * read when their module loads. (An assignment at the top of the spec would not do:
 * imports are evaluated before the body of the module that imports them.)
 *
 * - AUDIT_NIGHTLY=0: the audit worker booted in this test process does not register the
 *   nightly repeatable job, so no nightly run of today's periods starts under the test.
 * - A bull prefix of this file's own (inside the run's prefix, so global teardown still
 *   removes its keys): the in-process audit workers of other e2e files, which share the
 *   run's prefix, must never take this file's partition jobs, and this file's worker must
 *   never take theirs.
 */
process.env.AUDIT_NIGHTLY = '0';
process.env.BULL_PREFIX = `${process.env.BULL_PREFIX ?? 'jinshui-test'}:audits`;

export {};
