/**
 * Imported first by cli.e2e-spec.ts, before any app module, because app configs are read
 * when their module loads: a bull prefix of this file's own (inside the run's prefix, so
 * global teardown removes its keys), shared by the in-process audit worker and the CLI
 * child processes; no nightly schedule.
 */
process.env.AUDIT_CONCURRENCY = '2';
process.env.AUDIT_NIGHTLY = '0';
process.env.BULL_PREFIX = `${process.env.BULL_PREFIX ?? 'jinshui-test'}:cli`;

export {};
