/**
 * Imported first by officer-lifecycle.e2e-spec.ts: officer statuses cached for 1 s instead
 * of 10 (a setting, as an installation may choose), so that the apps' caches expire within
 * the test; a bull prefix of its own for the in-process audit app, which registers no
 * nightly run.
 */
Object.assign(process.env, {
  BULL_PREFIX: `${process.env.BULL_PREFIX ?? 'jinshui-test'}:officer-lifecycle`,
  AUDIT_NIGHTLY: '0',
  OFFICER_STATUS_CACHE_MS: '1000',
});

export {};
