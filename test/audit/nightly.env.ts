/**
 * Imported first by nightly.e2e-spec.ts: its own bull prefix (see audit-workers.env.ts),
 * so its repeatable job and triggers are seen by no other file; the in-process audit app
 * registers the nightly schedule and consumes the queues.
 */
process.env.AUDIT_CONCURRENCY = '2';
process.env.AUDIT_NIGHTLY = '1';
process.env.BULL_PREFIX = `${process.env.BULL_PREFIX ?? 'jinshui-test'}:nightly`;

export {};
