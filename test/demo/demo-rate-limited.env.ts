/**
 * Imported first by demo-rate-limited.e2e-spec.ts, before any app module: the demo against
 * apps with low abuse limits (far below the defaults `npm start` runs with), so that the
 * small demo meets 429s in every app and must wait them out; its own bull prefix and no
 * nightly run, as in demo.env.ts.
 */
Object.assign(process.env, {
  AUDIT_NIGHTLY: '0',
  BULL_PREFIX: `${process.env.BULL_PREFIX ?? 'jinshui-test'}:demo-limited`,
  RATE_LIMIT_PUBLIC_PER_SECOND: '1',
  RATE_LIMIT_PUBLIC_BURST: '2',
  RATE_LIMIT_OFFICER_PER_SECOND: '3',
  RATE_LIMIT_OFFICER_BURST: '5',
  RATE_LIMIT_ENTERPRISE_PER_SECOND: '2',
  RATE_LIMIT_ENTERPRISE_BURST: '3',
});

export {};
