/**
 * Imported first by risk.e2e-spec.ts, before any app module (app configs are read when their
 * module loads): the in-process audit worker registers no nightly job, and works on a bull
 * prefix of this file's own (inside the run's prefix, so global teardown still removes its
 * keys), so that other files' workers never take its partition jobs nor it theirs.
 */
process.env.AUDIT_NIGHTLY = '0';
process.env.BULL_PREFIX = `${process.env.BULL_PREFIX ?? 'jinshui-test'}:risk`;

export {};
