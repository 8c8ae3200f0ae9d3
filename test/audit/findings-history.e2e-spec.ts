import { DEFAULT_AUDIT_PARAMETERS } from '@app/domain';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditRunLauncherService, AuditRunsRepository, type AuditRun } from '@app/audit-runs';
import type { AuditScope } from '@app/domain';
import { AuditAppModule } from '../../apps/audit/src/app.module';
import { AuditProbe } from '../factories/audit.probe';
import { newInvoiceCode } from '../factories/number-ranges.factory';
import { RegistryFactory, type TaxpayerFixture } from '../factories/registry.factory';
import { BUREAUS, createTestApp, fileSettings } from '@app/testing';

/**
 * This file's settings (fileSettings): its own bull prefix, the
 * in-process audit app consumes it, no nightly schedule.
 */
const SETTINGS = fileSettings('findings-history', {
  AUDIT_CONCURRENCY: '2',
  AUDIT_NIGHTLY: '0',
});

/**
 * Findings outlive runs: a later run supersedes an earlier one for the same invoice and
 * scope, and the history says when each finding appeared, cleared and came back. Also:
 * routing (bureaus of both parties, assist requests across provinces), roll-ups at all
 * four tiers, scoped runs, the watermark, and runs finishing out of order.
 */
const PERIOD = '2015-07';
const WAIT_MS = 60_000;

interface Finding {
  id: string;
  category: string;
  state: string;
  invoiceNumber: string | null;
  buyerTaxId: string | null;
}

describe('findings across runs', () => {
  let app: INestApplication;
  let db: DataSource;
  let launcher: AuditRunLauncherService;
  let runs: AuditRunsRepository;
  let seller: TaxpayerFixture; // Tianhe, Guangdong
  let otherSeller: TaxpayerFixture; // Yuexiu, Guangdong
  let buyer: TaxpayerFixture; // Dongcheng, Beijing
  let localBuyer: TaxpayerFixture; // Futian, Guangdong
  let code: string;
  let otherCode: string;

  beforeAll(async () => {
    app = await createTestApp(AuditAppModule.forRoot(SETTINGS));
    db = app.get(DataSource);
    launcher = app.get(AuditRunLauncherService);
    runs = app.get(AuditRunsRepository);
    const registry = new RegistryFactory(db);
    seller = await registry.taxpayer({ bureauCode: BUREAUS.tianhe });
    otherSeller = await registry.taxpayer({ bureauCode: BUREAUS.yuexiu });
    buyer = await registry.taxpayer({ bureauCode: BUREAUS.dongcheng });
    localBuyer = await registry.taxpayer({ bureauCode: BUREAUS.futian });
    code = newInvoiceCode('4400', 2);
    otherCode = newInvoiceCode('4400', 2);
    await registry.numberRange(seller.taxId, code, 100);
    await registry.numberRange(otherSeller.taxId, otherCode, 100);
    // Three copies of the seller: #1 claimed with a wrong date by the Beijing buyer, #2
    // claimed correctly by the local buyer, #3 not claimed; one copy of the other seller,
    // claimed with a wrong date by the local buyer.
    await copy(code, 1, seller, buyer);
    await copy(code, 2, seller, localBuyer);
    await copy(code, 3, seller, localBuyer);
    await copy(otherCode, 1, otherSeller, localBuyer);
    await claim(code, 1, seller, buyer, `${PERIOD}-06`);
    await claim(code, 2, seller, localBuyer, `${PERIOD}-05`);
    await claim(otherCode, 1, otherSeller, localBuyer, `${PERIOD}-09`);
  });

  afterAll(() => app.close());

  const num = (n: number): string => String(n).padStart(8, '0');

  async function copy(c: string, n: number, s: TaxpayerFixture, b: TaxpayerFixture): Promise<void> {
    await db.query(
      `INSERT INTO collection.seller_copies (invoice_code, invoice_number, type, seller_tax_id, buyer_tax_id,
              issue_date, amount, tax_amount, content_hash, signature, certificate_serial, status)
       VALUES ($1, $2, 'special', $3, $4, $5, 1000, 130, 'h', 's', 'c', 'accepted')`,
      [c, num(n), s.taxId, b.taxId, `${PERIOD}-05`],
    );
  }

  async function claim(
    c: string,
    n: number,
    s: TaxpayerFixture,
    b: TaxpayerFixture,
    issueDate: string,
    createdAt = 'now()',
  ): Promise<void> {
    await db.query(
      `INSERT INTO collection.claims (buyer_tax_id, period, invoice_code, invoice_number, issue_date, seller_tax_id,
              amount, tax_amount, status, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, 1000, 130, 'accepted', ${createdAt})`,
      [b.taxId, PERIOD, c, num(n), issueDate, s.taxId],
    );
  }

  async function setClaimDate(c: string, n: number, issueDate: string): Promise<void> {
    await db.query(
      `UPDATE collection.claims SET issue_date = $3 WHERE invoice_code = $1 AND invoice_number = $2`,
      [c, num(n), issueDate],
    );
  }

  async function audit(scope: Partial<AuditScope> = {}): Promise<AuditRun> {
    const started = await launcher.start({ period: PERIOD, ...scope }, { kind: 'on_demand' });
    return completed(started!.id);
  }

  async function completed(runId: string): Promise<AuditRun> {
    const probe = new AuditProbe(db);
    const run = await probe.waitForRun(runs, runId, WAIT_MS);
    if (run.status !== 'completed') throw new Error(`run ${run.status}: ${run.error}`);
    // Every run: what its partition jobs recorded their merges changed is what its events say.
    expect(await probe.partitionChanges(run.id)).toEqual(await probe.partitionEventCounts(run.id));
    return run;
  }

  async function findings(): Promise<Finding[]> {
    return db.query<Finding[]>(
      `SELECT id, category, state, invoice_number AS "invoiceNumber", buyer_tax_id AS "buyerTaxId"
         FROM audit.findings WHERE period = $1 ORDER BY category, invoice_code, invoice_number`,
      [PERIOD],
    );
  }

  async function events(findingId: string): Promise<string[]> {
    const rows: { event: string }[] = await db.query(
      `SELECT event FROM audit.finding_events WHERE finding_id = $1 ORDER BY id`,
      [findingId],
    );
    return rows.map((r) => r.event);
  }

  const find = (all: Finding[], category: string, invoiceNumber: string): Finding | undefined =>
    all.find((f) => f.category === category && f.invoiceNumber === invoiceNumber);

  it('routes the first run: findings, assist requests across provinces, roll-ups at four tiers', async () => {
    const run = await audit();
    expect(run.counts).toEqual({ FIELD_MISMATCH: 2, UNCLAIMED: 1, MATCHED: 1 });
    const all = await findings();
    expect(all.map((f) => [f.category, f.invoiceNumber, f.state])).toEqual([
      ['FIELD_MISMATCH', num(1), 'active'],
      ['FIELD_MISMATCH', num(1), 'active'],
      ['UNCLAIMED', num(3), 'active'],
    ]);
    const mismatch = all.find((f) => f.category === 'FIELD_MISMATCH' && f.buyerTaxId === buyer.taxId)!;
    expect(await events(mismatch.id)).toEqual(['appeared']);
    const [details] = await db.query<{ details: { differingFields: string[] } }[]>(
      `SELECT details FROM audit.findings WHERE id = $1`,
      [mismatch.id],
    );
    expect(details.details.differingFields).toEqual(['issueDate']);

    // Only the Beijing buyer's finding crosses a province.
    const assists = await db.query(
      `SELECT finding_id::text AS "findingId", from_bureau_code AS "from", to_bureau_code AS "to",
              due_at > now() + interval '29 days' AS "dueInAMonth"
         FROM audit.assist_requests WHERE period = $1`,
      [PERIOD],
    );
    expect(assists).toEqual([
      { findingId: mismatch.id, from: BUREAUS.dongcheng, to: BUREAUS.tianhe, dueInAMonth: true },
    ]);

    const rollups: { bureau: string; category: string; findings: number }[] = await db.query(
      `SELECT bureau_code AS bureau, category, findings FROM audit.rollups WHERE period = $1`,
      [PERIOD],
    );
    const at = (bureau: string): Record<string, number> =>
      Object.fromEntries(rollups.filter((r) => r.bureau === bureau).map((r) => [r.category, r.findings]));
    expect(at(BUREAUS.national)).toEqual({ FIELD_MISMATCH: 2, UNCLAIMED: 1 });
    expect(at(BUREAUS.guangdong)).toEqual({ FIELD_MISMATCH: 2, UNCLAIMED: 1 });
    expect(at(BUREAUS.guangzhou)).toEqual({ FIELD_MISMATCH: 2, UNCLAIMED: 1 });
    expect(at(BUREAUS.tianhe)).toEqual({ FIELD_MISMATCH: 1, UNCLAIMED: 1 });
    expect(at(BUREAUS.yuexiu)).toEqual({ FIELD_MISMATCH: 1 });
    expect(at(BUREAUS.shenzhen)).toEqual({ FIELD_MISMATCH: 1, UNCLAIMED: 1 });
    expect(at(BUREAUS.futian)).toEqual({ FIELD_MISMATCH: 1, UNCLAIMED: 1 });
    expect(at(BUREAUS.beijing)).toEqual({ FIELD_MISMATCH: 1 });
    expect(at(BUREAUS.beijingCity)).toEqual({ FIELD_MISMATCH: 1 });
    expect(at(BUREAUS.dongcheng)).toEqual({ FIELD_MISMATCH: 1 });
  });

  it('a later run resolves what was fixed, and a relapse brings the same finding back', async () => {
    await setClaimDate(code, 1, `${PERIOD}-05`);
    await claim(code, 3, seller, localBuyer, `${PERIOD}-05`);
    await audit();
    const fixed = await findings();
    const mismatch = fixed.find((f) => f.category === 'FIELD_MISMATCH' && f.buyerTaxId === buyer.taxId)!;
    expect(mismatch.state).toBe('resolved');
    expect(find(fixed, 'UNCLAIMED', num(3))!.state).toBe('resolved');
    expect(await events(mismatch.id)).toEqual(['appeared', 'resolved']);
    // The other seller's finding is unchanged: no event for it.
    const other = fixed.find((f) => f.category === 'FIELD_MISMATCH' && f.buyerTaxId === localBuyer.taxId)!;
    expect(await events(other.id)).toEqual(['appeared']);

    await setClaimDate(code, 1, `${PERIOD}-07`);
    await audit();
    const relapsed = (await findings()).find((f) => f.id === mismatch.id)!;
    expect(relapsed.state).toBe('active');
    expect(await events(mismatch.id)).toEqual(['appeared', 'resolved', 'reappeared']);
    const [{ n }] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit.assist_requests WHERE finding_id = $1`,
      [mismatch.id],
    );
    expect(n).toBe(1);
  });

  it('a scoped run judges only its taxpayers: findings outside the scope stay as they were', async () => {
    await setClaimDate(otherCode, 1, `${PERIOD}-05`);
    const scoped = await audit({ taxIds: [seller.taxId] });
    expect(scoped.counts).toEqual({ FIELD_MISMATCH: 1, MATCHED: 2 });
    const other = (await findings()).find(
      (f) => f.category === 'FIELD_MISMATCH' && f.buyerTaxId === localBuyer.taxId,
    )!;
    expect(other.state).toBe('active');

    const bureauScoped = await audit({ bureauCode: BUREAUS.yuexiu });
    expect(bureauScoped.counts).toEqual({ MATCHED: 1 });
    const now = (await findings()).find((f) => f.id === other.id)!;
    expect(now.state).toBe('resolved');
  });

  it('a run judges what was there at its watermark: rows stamped later wait for the next run', async () => {
    const late = num(50);
    await claim(code, 50, seller, buyer, `${PERIOD}-05`, `now() + interval '1 hour'`);
    await audit();
    expect(find(await findings(), 'MISSING_SELLER_COPY', late)).toBeUndefined();
    await db.query(
      `UPDATE collection.claims SET created_at = now() WHERE invoice_code = $1 AND invoice_number = $2`,
      [code, late],
    );
    await audit();
    expect(find(await findings(), 'MISSING_SELLER_COPY', late)!.state).toBe('active');
  });

  it('judges a row stamped in the last microsecond before its watermark', async () => {
    // Recorded, not yet enqueued: the claim lands just before the watermark, not after it.
    const run = await runs.create({
      scope: { period: PERIOD },
      kind: 'on_demand',
      ruleVersion: 1,
      parameters: DEFAULT_AUDIT_PARAMETERS,
      partitions: 16,
    });
    expect(run!.watermark).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const stampedBefore = `(SELECT watermark - interval '1 microsecond' FROM audit.runs WHERE id = '${run!.id}')`;
    await claim(code, 60, seller, buyer, `${PERIOD}-05`, stampedBefore);
    await launcher.enqueue(run!);
    await completed(run!.id);
    expect(find(await findings(), 'MISSING_SELLER_COPY', num(60))!.state).toBe('active');
  });

  it('a run that finishes after a newer one changes nothing the newer one decided', async () => {
    const missing = find(await findings(), 'MISSING_SELLER_COPY', num(50))!;
    // An older run, recorded now but processed later.
    const older = await runs.create({
      scope: { period: PERIOD },
      kind: 'on_demand',
      ruleVersion: 1,
      parameters: DEFAULT_AUDIT_PARAMETERS,
      partitions: 16,
    });
    await copy(code, 50, seller, buyer);
    await audit();
    expect((await findings()).find((f) => f.id === missing.id)!.state).toBe('resolved');

    await launcher.enqueue(older!);
    await completed(older!.id);
    expect((await findings()).find((f) => f.id === missing.id)!.state).toBe('resolved');
    expect(await events(missing.id)).toEqual(['appeared', 'resolved']);
  });
});
