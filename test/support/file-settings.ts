import type { SettingOverrides } from '@app/platform';

/** A test file's settings, always with a bull prefix of its own. */
export type FileSettings = SettingOverrides & { BULL_PREFIX: string };

/**
 * The settings a test file gives the apps it builds (`XAppModule.forRoot(settings)`) and
 * the worker processes it starts (`new WorkerProcess(…, settings)`): `settings` and a bull
 * prefix of the file's own, inside the run's so that global teardown still removes its keys.
 * With a prefix of its own, no other file's in-process workers take its jobs, and its
 * counters (rate limits, failed logins) are seen by no other file.
 */
export function fileSettings(name: string, settings: Record<string, string> = {}): FileSettings {
  return { BULL_PREFIX: `${process.env.BULL_PREFIX ?? 'jinshui-test'}:${name}`, ...settings };
}

/**
 * The run's database URL with `suffix` on the database's name: a database of the file's own,
 * which the file makes (`migrate`) and drops. For what takes every row of its database (the
 * sweepers, the audit of a whole period), so that it sees only this file's.
 */
export function ownDatabaseUrl(suffix: string): string {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `${url.pathname}${suffix}`;
  return url.toString();
}
