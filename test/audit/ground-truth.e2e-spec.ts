import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditRunLauncherService, AuditRunsRepository, type AuditRun } from '@app/audit-runs';
import { FINDING_CATEGORIES, RISK_CATEGORIES, type FindingCategory } from '@app/domain';
import { loadEconomy, planEconomy, type EconomyPlan, type GroundTruth } from '@app/economy';
import { createTestApp, fileSettings } from '@app/testing';
import { AuditAppModule } from '../../apps/audit/src/app.module';
import { AuditProbe, type StoredFinding } from '../factories/audit.probe';
import {
  expectedRollups,
  expectNoDifference,
  findingDifferences,
  lineDifferences,
  rollupLine,
} from './ground-truth-expectations';

/**
 * This file's settings (fileSettings): - AUDIT_NIGHTLY=0: no repeatable nightly job; this
 * file starts its runs itself. - A bull prefix of this file's own (inside the run's prefix,
 * so global teardown still removes its keys): in-process audit workers of other e2e files
 * must never take these jobs, and this file's worker must never take theirs.
 */
const SETTINGS = fileSettings('ground-truth', {
  AUDIT_NIGHTLY: '0',
  AUDIT_CONCURRENCY: '2',
});

/**
 * Acceptance of the cross-audit (DESIGN §7, rule version 1, and the risk stage under the
 * default rule set, docs/risk-monitoring.md) against a generated economy whose findings are
 * known: @app/economy plants every category and their combinations (plus a background trade
 * with sprinkled faults, returns within and beyond the tolerance, and the industries, tax
 * codes, registrations and near-cap invoices a careless risk rule would trip on) and
 * declares what the audit must find. A full run through the real queue and
 * worker must find exactly that — findings, counts, assist requests, roll-ups at every
 * tier — and a second run over the same data must find the same and change nothing.
 *
 * Isolation: the economy lives in its own period (other tests write invoices dated today
 * or in periods of their own) with invoice codes and taxpayers drawn from its seed.
 */
jest.setTimeout(180_000);

const PERIOD = '2017-09';
/** Rows "arriving during the run" are stamped here: after both runs' watermarks. */
const LATE_AT = new Date('2100-01-01T00:00:00Z');

describe('cross-audit of a generated economy: findings equal the ground truth', () => {
  let app: INestApplication;
  let launcher: AuditRunLauncherService;
  let runs: AuditRunsRepository;
  let probe: AuditProbe;
  let plan: EconomyPlan;
  let truth: GroundTruth;
  let first: AuditRun;

  const audit = async (): Promise<AuditRun> => {
    const started = await launcher.start({ period: PERIOD }, { kind: 'on_demand' });
    if (!started) throw new Error('the audit run was refused');
    return probe.waitForRun(runs, started.id);
  };

  beforeAll(async () => {
    app = await createTestApp(AuditAppModule.forRoot(SETTINGS));
    launcher = app.get(AuditRunLauncherService);
    runs = app.get(AuditRunsRepository);
    probe = new AuditProbe(app.get(DataSource));
    plan = planEconomy({
      seed: 'ground-truth-e2e',
      period: PERIOD,
      taxpayers: 40,
      tradeInvoices: 1500,
      faultRate: 0.04,
      lateAt: LATE_AT,
    });
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await loadEconomy(client, plan);
    } finally {
      await client.end();
    }
    truth = plan.groundTruth();
    first = await audit();
  });

  afterAll(() => app.close());

  it("plants every category, the risk stage's five several times (the economy is a fair test)", () => {
    const planted = FINDING_CATEGORIES;
    expect(Object.keys(truth.counts).sort()).toEqual([...planted, 'MATCHED'].sort());
    for (const category of RISK_CATEGORIES) expect(truth.counts[category]).toBeGreaterThanOrEqual(3);
    expect(truth.assistRequestCount).toBeGreaterThan(0);
  });

  it('completes the run', () => {
    expect(first).toMatchObject({ status: 'completed', error: null });
  });

  it('finds exactly the planted findings (identity, category, tax at risk)', async () => {
    const found = await probe.findings(PERIOD);
    expectNoDifference(findingDifferences(truth.findings!, found));
    expect(found.filter((f) => f.state !== 'active')).toEqual([]);
  });

  it("counts each category and the matched claims in the run's counts", () => {
    expect(first.counts).toEqual(truth.counts);
    expect(first.taxAtRisk).toEqual(truth.taxAtRisk);
  });

  it('finds exactly what the risk scenarios planted, and nothing in the trade built to tempt a careless rule', async () => {
    const risk = (f: { category: string }) => RISK_CATEGORIES.includes(f.category as FindingCategory);
    const found = (await probe.findings(PERIOD)).filter(risk);
    expectNoDifference(findingDifferences(truth.findings!.filter(risk), found));
    for (const category of RISK_CATEGORIES) {
      expect([category, first.counts?.[category], first.taxAtRisk?.[category]]).toEqual([
        category,
        truth.counts[category],
        truth.taxAtRisk[category],
      ]);
    }
  });

  it("records the risk stage's own time", () => {
    expect(first.riskMs).toEqual(expect.any(Number));
    expect(first.riskMs).toBeGreaterThanOrEqual(0);
  });

  it('opens exactly the expected assist requests (协查), from the buyer’s bureau to the seller’s', async () => {
    const line = (a: { identity: string; fromBureauCode: string; toBureauCode: string }) =>
      `${a.identity} ${a.fromBureauCode} → ${a.toBureauCode}`;
    const opened = await probe.assistRequests(PERIOD);
    expectNoDifference(lineDifferences('assist requests', truth.assistRequests!.map(line), opened.map(line)));
  });

  it('routes every finding to the district bureaus of its registered parties', async () => {
    const bureauOf = new Map(plan.taxpayers.map((t) => [t.taxId, t.bureauCode]));
    const route = (f: { identity: string }, seller: string | null, buyer: string | null) =>
      `${f.identity} ${seller ?? '-'} ${buyer ?? '-'}`;
    const expected = truth.findings!.map((f) =>
      route(f, bureauOf.get(f.sellerTaxId ?? '') ?? null, bureauOf.get(f.buyerTaxId ?? '') ?? null),
    );
    const found = await probe.findings(PERIOD);
    const actual = found.map((f) => route(f, f.sellerBureauCode, f.buyerBureauCode));
    expectNoDifference(lineDifferences('routing', expected, actual));
  });

  it('rolls up to district, city, province and national bureaus as the findings imply', async () => {
    const bureauOf = new Map(plan.taxpayers.map((t) => [t.taxId, t.bureauCode]));
    const ancestry = await probe.ancestry(plan.bureauCodes);
    const expected = expectedRollups(truth.findings!, bureauOf, ancestry);
    const actual = await probe.rollups(PERIOD);
    expectNoDifference(lineDifferences('roll-ups', expected.map(rollupLine), actual.map(rollupLine)));
    // Every tier is there: the national bureau and each taxpayer bureau's ancestors.
    const tiers = new Set(actual.map((r) => r.bureauCode));
    for (const chain of ancestry.values()) for (const bureau of chain) expect(tiers.has(bureau)).toBe(true);
  });

  describe('a second run over the same data', () => {
    let second: AuditRun;
    let before: StoredFinding[];

    beforeAll(async () => {
      before = await probe.findings(PERIOD);
      second = await audit();
    });

    it('finds the same findings, with the same details and counts', async () => {
      expect(second).toMatchObject({ status: 'completed', counts: first.counts, taxAtRisk: first.taxAtRisk });
      const after = await probe.findings(PERIOD);
      const view = (f: StoredFinding) => ({ ...f, lastRunId: undefined });
      expect(after.map(view)).toEqual(before.map(view));
      expect(after.every((f) => f.lastRunId === second.id)).toBe(true);
    });

    it('records no event: nothing appeared, changed or was resolved', async () => {
      expect(await probe.events(second.id)).toEqual([]);
    });

    it('opens no further assist request', async () => {
      expect(await probe.assistRequests(PERIOD)).toHaveLength(truth.assistRequestCount);
    });
  });
});
