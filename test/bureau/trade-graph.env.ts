/**
 * Imported first by trade-graph.e2e-spec.ts: the in-process audit worker registers no nightly
 * job and works on a bull prefix of this file's own.
 */
process.env.AUDIT_NIGHTLY = '0';
process.env.BULL_PREFIX = `${process.env.BULL_PREFIX ?? 'jinshui-test'}:trade-graph`;

export {};
