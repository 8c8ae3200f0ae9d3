/**
 * Imported first by verification-access.e2e-spec.ts: its own bull prefix, so its counters
 * are seen by no other file, and a low miss limit, so that the limit is reached in a few
 * requests. The daily limit keeps its default (5, as 查验).
 */
process.env.BULL_PREFIX = `${process.env.BULL_PREFIX ?? 'jinshui-test'}:verify-access`;
process.env.VERIFY_DAILY_LIMIT = '5';
process.env.VERIFY_MISSES_PER_IP = '10';
process.env.VERIFY_MISS_WINDOW_SECONDS = '3600';

export {};
