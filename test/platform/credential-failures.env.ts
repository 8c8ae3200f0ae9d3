/**
 * Imported first by credential-failures.e2e-spec.ts: the default lock of 5 failed logins per
 * username and a low limit of 10 failed credentials per client IP, set through the
 * configuration as an installation would (request rates stay raised); a bull prefix of its
 * own for its counters. Proxies on loopback are trusted, so each test names its own client
 * IP in X-Forwarded-For.
 */
Object.assign(process.env, {
  BULL_PREFIX: `${process.env.BULL_PREFIX ?? 'jinshui-test'}:credential-failures`,
  TRUST_PROXY: 'loopback',
  LOGIN_FAILURES_PER_USERNAME: '5',
  AUTH_FAILURES_PER_IP: '10',
  AUTH_FAILURE_WINDOW_SECONDS: '900',
});

export {};
