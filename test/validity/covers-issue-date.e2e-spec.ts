import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/database';
import { certificateCoversIssueDate } from '@app/domain';

/**
 * The validity rule exists twice: in TypeScript (libs/domain, which issuance and collection
 * apply) and in SQL (`pki.covers_issue_date`, migration 13, which the audit applies). They
 * must give the same answer, above all on the instants next to a day boundary.
 */
interface Case {
  notBefore: Date;
  notAfter: Date;
  issueDate: string;
  timeZone: string;
}

/** Beijing (the business zone), UTC, a zone with daylight saving, and the two extremes. */
const ZONES = ['Asia/Shanghai', 'UTC', 'America/New_York', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'];
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('the validity rule in SQL (pki.covers_issue_date) and in TypeScript', () => {
  let db: DataSource;

  beforeAll(async () => {
    db = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!, 'test-validity', 1)).initialize();
  });
  afterAll(() => db.destroy());

  /** Both answers for every case, from one statement. */
  async function bothAnswers(cases: Case[]): Promise<{ sql: boolean[]; ts: boolean[] }> {
    const rows = await db.query<{ covers: boolean }[]>(
      `SELECT pki.covers_issue_date(nb, na, d, z) AS covers
         FROM unnest($1::timestamptz[], $2::timestamptz[], $3::date[], $4::text[]) WITH ORDINALITY AS c(nb, na, d, z, n)
        ORDER BY n`,
      [
        cases.map((c) => c.notBefore.toISOString()),
        cases.map((c) => c.notAfter.toISOString()),
        cases.map((c) => c.issueDate),
        cases.map((c) => c.timeZone),
      ],
    );
    return {
      sql: rows.map((r) => r.covers),
      ts: cases.map((c) => certificateCoversIssueDate(c, c.issueDate, c.timeZone)),
    };
  }

  it('gives the answers of the Beijing-day example on both sides', async () => {
    const cases: Case[] = [
      ['2026-11-30T23:30:00Z', '2029-11-30T15:30:00Z', '2026-11-30'],
      ['2026-11-30T23:30:00Z', '2029-11-30T15:30:00Z', '2026-12-01'],
      ['2026-11-30T23:30:00Z', '2029-11-30T15:30:00Z', '2029-11-30'],
      ['2026-11-30T23:30:00Z', '2029-11-30T15:30:00Z', '2029-12-01'],
      ['2026-11-30T23:30:00Z', '2029-11-30T16:30:00Z', '2029-12-01'],
    ].map(([nb, na, d]) => ({
      notBefore: new Date(nb),
      notAfter: new Date(na),
      issueDate: d,
      timeZone: 'Asia/Shanghai',
    }));
    const { sql, ts } = await bothAnswers(cases);
    expect(ts).toEqual([false, true, true, false, true]);
    expect(sql).toEqual(ts);
  });

  it('agrees on every quarter hour (and the millisecond either side) around midnight, in five zones', async () => {
    // Days with something special: year end, a leap day, both of New York's 2026 clock changes.
    const days = ['2026-12-31', '2028-02-29', '2026-03-08', '2026-11-01', '2026-06-15'];
    const cases: Case[] = [];
    for (const timeZone of ZONES) {
      for (const day of days) {
        const midnightUtc = Date.parse(`${day}T00:00:00Z`);
        // Local midnight lies within 14 hours either side of UTC midnight in every zone.
        for (let offset = -15 * 60; offset <= 15 * 60; offset += 15) {
          for (const jitter of [-1, 0, 1]) {
            const instant = midnightUtc + offset * MINUTE + jitter;
            for (const issueDay of [-1, 0, 1]) {
              const issueDate = isoDay(midnightUtc + issueDay * DAY);
              cases.push({
                notBefore: new Date(instant),
                notAfter: new Date(instant + 3 * DAY),
                issueDate,
                timeZone,
              });
              cases.push({
                notBefore: new Date(instant - 3 * DAY),
                notAfter: new Date(instant),
                issueDate,
                timeZone,
              });
            }
          }
        }
      }
    }
    const { sql, ts } = await bothAnswers(cases);
    const disagreements = cases.filter((_, i) => sql[i] !== ts[i]);
    expect(disagreements).toEqual([]);
    // Not a vacuous agreement: both answers occur.
    expect(new Set(ts)).toEqual(new Set([true, false]));
  });

  it('agrees on generated validities and dates', async () => {
    const start = Date.parse('2000-01-01T00:00:00Z');
    const end = Date.parse('2040-01-01T00:00:00Z');
    const caseArb = fc
      .record({
        from: fc.integer({ min: start, max: end }),
        length: fc.integer({ min: 0, max: 10 * DAY }),
        dateShift: fc.integer({ min: -2, max: 12 }),
        timeZone: fc.constantFrom(...ZONES),
      })
      .map(({ from, length, dateShift, timeZone }): Case => ({
        notBefore: new Date(from),
        notAfter: new Date(from + length),
        issueDate: isoDay(from + dateShift * DAY),
        timeZone,
      }));
    await fc.assert(
      fc.asyncProperty(fc.array(caseArb, { minLength: 200, maxLength: 200 }), async (cases) => {
        const { sql, ts } = await bothAnswers(cases);
        expect(sql).toEqual(ts);
      }),
      { numRuns: 20 },
    );
  });
});
