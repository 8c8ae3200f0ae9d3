/**
 * Imported first by issue-date-validity.e2e-spec.ts, before any app module, because app
 * configs are read when their module loads:
 * - AUDIT_NIGHTLY=0: the audit worker booted here registers no nightly run;
 * - a bull prefix of this file's own (inside the run's): only this file's in-process audit
 *   worker takes its jobs, and it takes no other file's;
 * - a database of this file's own (the run's name, suffixed; made and dropped by the file):
 *   the file runs on a faked clock two days in the past, and the certificate authorities
 *   are made on first need, stamped with the maker's clock. Made by another file on the
 *   real clock, they would not be valid yet on the faked day (CA_NOT_VALID at enrollment).
 */
process.env.AUDIT_NIGHTLY = '0';
process.env.BULL_PREFIX = `${process.env.BULL_PREFIX ?? 'jinshui-test'}:validity`;
if (process.env.DATABASE_URL) {
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `${url.pathname}_validity`;
  process.env.DATABASE_URL = url.toString();
}

export {};
