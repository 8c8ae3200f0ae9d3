/**
 * Imported first by request-limits.e2e-spec.ts: low request rates, so that a flood meets
 * them quickly, set through the configuration as an installation would; the failure limits
 * stay raised (credential-failures.env.ts tests those). A bull prefix of its own, so that
 * its counters and its in-process workers' jobs are seen by no other file. Proxies on
 * loopback are trusted, so each test names its own client IP in X-Forwarded-For.
 */
const prefix = `${process.env.BULL_PREFIX ?? 'jinshui-test'}:request-limits`;
Object.assign(process.env, {
  BULL_PREFIX: prefix,
  AUDIT_NIGHTLY: '0',
  TRUST_PROXY: 'loopback',
  RATE_LIMIT_ENTERPRISE_PER_SECOND: '5',
  RATE_LIMIT_ENTERPRISE_BURST: '10',
  RATE_LIMIT_OFFICER_PER_SECOND: '5',
  RATE_LIMIT_OFFICER_BURST: '10',
  RATE_LIMIT_PUBLIC_PER_SECOND: '5',
  // Room for the suite's own logins and enrollments from loopback; a flood still meets it.
  RATE_LIMIT_PUBLIC_BURST: '30',
});

export {};
