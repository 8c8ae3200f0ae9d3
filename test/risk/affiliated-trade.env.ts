/**
 * Imported first by affiliated-trade.e2e-spec.ts: its own bull prefix, the in-process audit
 * app consumes it, no nightly schedule.
 */
process.env.AUDIT_CONCURRENCY = '2';
process.env.AUDIT_NIGHTLY = '0';
process.env.BULL_PREFIX = `${process.env.BULL_PREFIX ?? 'jinshui-test'}:affiliated-trade`;

export {};
