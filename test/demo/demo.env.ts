/**
 * Imported first by demo.e2e-spec.ts, before any app module, because app configs are read
 * when their module loads:
 * - AUDIT_NIGHTLY=0: the audit worker booted here registers no nightly run of today's periods;
 * - a bull prefix of this file's own (inside the run's, so global teardown removes its keys):
 *   the audit and upload workers booted here take only this file's jobs, and no other
 *   file's in-process workers take them.
 */
process.env.AUDIT_NIGHTLY = '0';
process.env.BULL_PREFIX = `${process.env.BULL_PREFIX ?? 'jinshui-test'}:demo`;

export {};
