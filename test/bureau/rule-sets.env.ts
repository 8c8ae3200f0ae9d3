/**
 * Imported first by rule-sets.e2e-spec.ts, before any app module (configs are read when
 * their module loads): no nightly schedule in the in-process audit worker, and a bull prefix
 * of this file's own (inside the run's, so global teardown removes its keys), so that this
 * file's worker takes only this file's runs. See audits.env.ts.
 */
process.env.AUDIT_NIGHTLY = '0';
process.env.BULL_PREFIX = `${process.env.BULL_PREFIX ?? 'jinshui-test'}:rule-sets`;

export {};
