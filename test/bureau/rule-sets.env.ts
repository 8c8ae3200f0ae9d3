/**
 * Imported first by rule-sets.e2e-spec.ts, before any app module (configs are read when
 * their module loads): no nightly schedule in the in-process audit worker, and a bull prefix
 * of this file's own (inside the run's, so global teardown removes its keys), so that this
 * file's worker takes only this file's runs. See audits.env.ts.
 * And a database of its own (the run's name, suffixed; made and dropped by the file): it
 * activates other rule-set versions, and the active version is the installation's — an
 * audit run of another file started meanwhile would judge by it.
 */
process.env.AUDIT_NIGHTLY = '0';
process.env.BULL_PREFIX = `${process.env.BULL_PREFIX ?? 'jinshui-test'}:rule-sets`;

if (process.env.DATABASE_URL) {
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `${url.pathname}_rulesets`;
  process.env.DATABASE_URL = url.toString();
}

export {};
