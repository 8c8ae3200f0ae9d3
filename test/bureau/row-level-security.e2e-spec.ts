import { DataSource } from 'typeorm';
import { inJurisdiction, OFFICER_DB_ROLE } from '@app/database';
import { bureauScopePrefix } from '@app/domain';
import { BureauAppModule } from '../../apps/bureau/src/app.module';
import { BUREAUS, createTestApp, FindingsFactory, RegistryFactory, type FindingFixture } from '@app/testing';
import type { INestApplication } from '@nestjs/common';

/**
 * Jurisdiction enforced by Postgres (DESIGN §8): queries that forget their WHERE, run the
 * way the bureau app runs officer queries, still see nothing outside the subtree.
 */
const PERIOD = '2013-01';

describe('row-level security', () => {
  let app: INestApplication;
  let db: DataSource;
  let tianheToBeijing: FindingFixture; // seller in Tianhe, buyer in Dongcheng
  let futianOnly: FindingFixture;
  let dongchengOnly: FindingFixture;
  let officerId: string;

  beforeAll(async () => {
    app = await createTestApp(BureauAppModule.forRoot());
    db = app.get(DataSource);
    const registry = new RegistryFactory(db);
    const findings = new FindingsFactory(db);
    officerId = await registry.systemOfficer();
    const tianhe = await registry.taxpayer({ bureauCode: BUREAUS.tianhe });
    const futian = await registry.taxpayer({ bureauCode: BUREAUS.futian });
    const dongcheng = await registry.taxpayer({ bureauCode: BUREAUS.dongcheng });
    tianheToBeijing = await findings.finding({ period: PERIOD, seller: tianhe, buyer: dongcheng });
    futianOnly = await findings.finding({ period: PERIOD, seller: futian, buyer: futian });
    dongchengOnly = await findings.finding({
      period: PERIOD,
      seller: dongcheng,
      buyer: null,
      perTaxpayer: true,
      category: 'UNDER_DECLARED',
    });
    await findings.assistRequest(tianheToBeijing);
    for (const f of [tianheToBeijing, futianOnly, dongchengOnly]) {
      await db.query(
        `INSERT INTO review.cases (finding_id, status, updated_by) VALUES ($1, 'investigating', $2)`,
        [f.id, officerId],
      );
      await db.query(
        `INSERT INTO review.case_events (finding_id, from_status, to_status, comment, actor_id, actor_username, actor_bureau_code)
         VALUES ($1, 'open', 'investigating', 'test', $2, 'test-system-officer', $3)`,
        [f.id, officerId, BUREAUS.national],
      );
    }
  });

  afterAll(() => app.close());

  /** Ids of the period's findings that an unfiltered query returns under `bureau`'s scope. */
  const unfiltered = (bureau: string, sql: string): Promise<string[]> =>
    inJurisdiction(db, bureauScopePrefix(bureau), async (m) =>
      (await m.query<{ id: string }[]>(sql))
        .map((r) => r.id)
        .filter((id) => [tianheToBeijing.id, futianOnly.id, dongchengOnly.id].includes(id))
        .sort(),
    );

  const sorted = (...f: FindingFixture[]) => f.map((x) => x.id).sort();

  it.each([
    ['audit.findings', 'SELECT id::text FROM audit.findings'],
    ['audit.finding_events', 'SELECT finding_id::text AS id FROM audit.finding_events'],
    ['review.cases', 'SELECT finding_id::text AS id FROM review.cases'],
    ['review.case_events', 'SELECT finding_id::text AS id FROM review.case_events'],
  ])('%s: each bureau sees only what is routed to its subtree', async (_table, sql) => {
    expect(await unfiltered(BUREAUS.national, sql)).toEqual(
      sorted(tianheToBeijing, futianOnly, dongchengOnly),
    );
    expect(await unfiltered(BUREAUS.guangdong, sql)).toEqual(sorted(tianheToBeijing, futianOnly));
    expect(await unfiltered(BUREAUS.guangzhou, sql)).toEqual(sorted(tianheToBeijing));
    expect(await unfiltered(BUREAUS.yuexiu, sql)).toEqual([]);
    expect(await unfiltered(BUREAUS.shenzhen, sql)).toEqual(sorted(futianOnly));
    expect(await unfiltered(BUREAUS.dongcheng, sql)).toEqual(sorted(tianheToBeijing, dongchengOnly));
  });

  it('assist requests are seen by the bureaus of both ends, nobody else', async () => {
    const sql = 'SELECT finding_id::text AS id FROM audit.assist_requests';
    expect(await unfiltered(BUREAUS.tianhe, sql)).toEqual(sorted(tianheToBeijing));
    expect(await unfiltered(BUREAUS.beijing, sql)).toEqual(sorted(tianheToBeijing));
    expect(await unfiltered(BUREAUS.shenzhen, sql)).toEqual([]);
  });

  it('the officer role with no scope set sees nothing at all', async () => {
    const n = await db.transaction(async (m) => {
      await m.query(`SET LOCAL ROLE ${OFFICER_DB_ROLE}`);
      const [row] = await m.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM audit.findings`);
      return row.n;
    });
    expect(n).toBe(0);
    // And the connection the owner uses afterwards is itself again.
    const [{ total }] = await db.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM audit.findings WHERE period = $1`,
      [PERIOD],
    );
    expect(total).toBe(3);
  });

  it('refuses to write a case for a finding outside the subtree', async () => {
    const write = inJurisdiction(db, bureauScopePrefix(BUREAUS.guangzhou), (m) =>
      m.query(
        `INSERT INTO review.case_events (finding_id, from_status, to_status, comment, actor_id, actor_username, actor_bureau_code)
         VALUES ($1, 'investigating', 'cleared', 'not mine', $2, 'x', $3)`,
        [futianOnly.id, officerId, BUREAUS.guangzhou],
      ),
    );
    await expect(write).rejects.toThrow(/row-level security/);
  });
});
