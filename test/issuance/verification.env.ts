/**
 * Imported first by the verification suites: a bull prefix of their own, so that their
 * counters are seen by no other file, and the limits they assert pinned here, whatever the
 * run raises for everyone else: the daily limit at its default (5, as 查验) and a low miss
 * limit, reached in a few requests.
 */
process.env.BULL_PREFIX = `${process.env.BULL_PREFIX ?? 'jinshui-test'}:verify`;
process.env.VERIFY_DAILY_LIMIT = '5';
process.env.VERIFY_MISSES_PER_IP = '10';
process.env.VERIFY_MISS_WINDOW_SECONDS = '3600';

export {};
