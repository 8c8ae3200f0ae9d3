/**
 * Imported first by demo-early-month.e2e-spec.ts, before any app module, because app configs
 * are read when their module loads (see demo.env.ts):
 * - AUDIT_NIGHTLY=0: no nightly run of the audit worker booted here;
 * - a bull prefix of this file's own (inside the run's): only this file's in-process workers,
 *   running on its faked clock, take its jobs;
 * - a database of this file's own (the run's name, suffixed; made and dropped by the file):
 *   the certificate authorities are made on first need, stamped with the maker's clock, and
 *   here they must be made on the faked one. Made by another file, on the real clock, they
 *   would not be valid yet on the faked day (CA_NOT_VALID at enrollment).
 */
process.env.AUDIT_NIGHTLY = '0';
process.env.BULL_PREFIX = `${process.env.BULL_PREFIX ?? 'jinshui-test'}:demo-early`;
if (process.env.DATABASE_URL) {
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `${url.pathname}_early`;
  process.env.DATABASE_URL = url.toString();
}

export {};
