import { dropDatabase, migrate } from '../../scripts/migrate';
import type { DemoResult } from '../../scripts/demo/run-demo';
import { fakeDateOnly, fileSettings, ownDatabaseUrl } from '@app/testing';
import { type DemoSystem, expectFoundAsInjected, startDemoSystem } from './demo-system';

/**
 * The demo's step 8 (run-demo.ts) differs while the previous period is still open for
 * issuance (days 1–15, Beijing time): a planned under-declarer then tries an invoice in it,
 * and is refused (CERTIFICATE_NOT_VALID_AT_ISSUE_DATE: its certificate, enrolled today,
 * seals from today on; ADR 0021). demo.e2e-spec.ts covers that on days 1–14. On days 15–31
 * this file covers it: Node's Date (only Date: timers stay real) is set to the 14th of the
 * current month, 12:00 Beijing, and runs on from there, for the four apps booted here and
 * for the demo alike, on a database of this file's own (SETTINGS).
 * Postgres' now() stays real, a few days later (at most 17, well inside the 30-day
 * enrollment-token lifetime, which is compared with now()); nothing the demo does compares
 * the two clocks otherwise. On days 1–14 there is nothing to fake, and demo.e2e-spec.ts
 * already asserts the branch: this file is skipped.
 */
/**
 * This file's settings (fileSettings): only its in-process workers, running on its faked
 * clock, take its jobs (its bull prefix); and a database of its own (the run's name,
 * suffixed; made and dropped by the file): the certificate authorities are made on first
 * need, stamped with the maker's clock, and here they must be made on the faked one. Made by
 * another file, on the real clock, they would not be valid yet on the faked day (CA_NOT_VALID
 * at enrollment).
 */
const SETTINGS = fileSettings('demo-early', { DATABASE_URL: ownDatabaseUrl('_early') });
const beijing = (d: Date, part: 'day' | 'month') =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .format(d)
    .slice(0, part === 'day' ? 10 : 7);
const realStart = new Date();
const realDay = Number(beijing(realStart, 'day').slice(8));
const FAKE_NOW = new Date(`${beijing(realStart, 'month')}-14T12:00:00+08:00`);

(realDay > 14 ? describe : describe.skip)('npm run demo on the 14th (Date faked), small', () => {
  let system: DemoSystem;
  const log: string[] = [];

  beforeAll(async () => {
    await migrate(SETTINGS.DATABASE_URL);
    fakeDateOnly(FAKE_NOW);
    system = await startDemoSystem(SETTINGS);
  }, 120_000);

  afterAll(async () => {
    await system?.close();
    jest.useRealTimers();
    if (process.env.KEEP_TEST_DB !== '1') await dropDatabase(SETTINGS.DATABASE_URL);
  });

  const run = async (seed: string): Promise<DemoResult> => {
    const result = await system.run(seed);
    log.push(...system.log.splice(0));
    if (!result.comparison.perfect || result.notes.length > 0) process.stderr.write(`${log.join('\n')}\n`);
    return result;
  };

  const expectPerfect = (result: DemoResult) => {
    expectFoundAsInjected(result);
    // Every request answered as the demo meant (the refused invoice in the previous period included).
    expect(result.notes).toEqual([]);
  };

  it('cannot invoice in the previous period with sellers enrolled today, and the audit finds exactly what it injected', async () => {
    expect(Number(beijing(new Date(), 'day').slice(8))).toBe(14);
    // The seed from the real clock: the faked one starts at the same instant every run of a month.
    const seed = `early${realStart.getTime().toString(36)}`;
    const result = await run(seed);
    expectPerfect(result);
    expect(result.injections.filter((i) => i.category === 'UNDER_DECLARED')).toEqual([]);
    expect(result.runs.map((r) => [r.period, r.status])).toEqual([
      [result.period, 'completed'],
      [result.returnsPeriod, 'completed'],
    ]);
    expect(log.join('\n')).toContain(
      `${result.returnsPeriod} is open for issuing until day 15, but not to sellers enrolled today`,
    );
    expect(log.join('\n')).toContain('→ CERTIFICATE_NOT_VALID_AT_ISSUE_DATE');

    // The same seed again: a fresh instance of the same economy, judged as exactly.
    const again = await run(seed);
    expectPerfect(again);
    expect(again.instance).toBe(1);
    expect(again.comparison.rows.map((r) => r.expected)).toEqual(
      result.comparison.rows.map((r) => r.expected),
    );
  }, 300_000);
});
