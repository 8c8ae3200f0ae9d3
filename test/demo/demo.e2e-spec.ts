import type { DemoResult } from '../../scripts/demo/run-demo';
import { FINDING_CATEGORIES, RISK_CATEGORIES, todayIn } from '@app/domain';
import { fileSettings } from '@app/testing';
import { type DemoSystem, expectFoundAsInjected, startDemoSystem } from './demo-system';

/**
 * `npm run demo`, small, end to end: the four real apps listen on ephemeral ports in this
 * process (the audit worker and the upload worker included, on this file's bull prefix), and
 * the demo drives them over HTTP exactly as it drives a running system. Its economy is its
 * own (fresh taxpayers, officers and invoice codes), its audit runs are scoped to those
 * taxpayers, and only findings touching them are compared: the database is shared with other
 * test files writing today's invoices. Run twice with one seed, the second run takes a fresh
 * instance of the same economy and is judged as exactly.
 */
describe('npm run demo (in-process, small)', () => {
  let system: DemoSystem;
  const log: string[] = [];

  beforeAll(async () => {
    // The audit and upload workers booted here take only this file's jobs (its bull prefix).
    system = await startDemoSystem(fileSettings('demo'));
  }, 120_000);

  afterAll(() => system.close());

  const run = async (seed: string): Promise<DemoResult> => {
    const result = await system.run(seed);
    log.push(...system.log.splice(0));
    return result;
  };

  const expectPerfect = (result: DemoResult) => {
    if (!result.comparison.perfect) process.stderr.write(`${log.join('\n')}\n`);
    expectFoundAsInjected(result);
  };

  it('registers, trades, injects every category it can, audits, and finds exactly what it injected', async () => {
    const seed = `e2e${Date.now().toString(36)}`;
    const result = await run(seed);
    expectPerfect(result);
    expect(result.instance).toBe(0);
    expect(result.taxpayers).toBe(30);
    expect(result.tradeInvoices).toBe(150);
    expect(result.invoicesIssued).toBeGreaterThan(150);
    expect(result.runs.map((r) => r.status)).toEqual(['completed', 'completed']);
    const expected = Object.fromEntries(result.comparison.rows.map((r) => [r.category, r.expected]));
    for (const category of FINDING_CATEGORIES.filter((c) => c !== 'UNDER_DECLARED')) {
      expect({ category, injected: expected[category] > 0 }).toEqual({ category, injected: true });
    }
    // The risk stage's patterns, among the trade: one cap-edge issuer, two new entities
    // (by amount, by numbers), one divergent trader, five claims of an absconded seller's
    // invoices by two buyers, one of whom has most of its input tax from them. Each was
    // checked against docs/risk-monitoring.md on what was issued (a miss would be a note).
    expect(Object.fromEntries(RISK_CATEGORIES.map((c) => [c, expected[c]]))).toEqual({
      CAP_EDGE_ISSUANCE: 1,
      NEW_ENTITY_BURST: 2,
      GOODS_DIVERGENCE: 1,
      ABSCONDED_SELLER_INPUT: 5,
      ABNORMAL_INPUT_SHARE: 1,
      // two rings: three members across two provinces, and five — and, with some seeds (this
      // test's is the time), a pair of the ordinary trade invoicing each other nearly the same
      // (互开), which the demo expects as the rule's definition finds it: never fewer than 8
      CIRCULAR_TRADING: expect.any(Number),
      // the pair under one legal representative (30 taxpayers leave no room for the held pair),
      // its seller to its buyer — and whatever the ordinary trade has them sell each other
      AFFILIATED_TRADE: expect.any(Number),
    });
    expect(expected.AFFILIATED_TRADE).toBeGreaterThanOrEqual(1);
    expect(expected.CIRCULAR_TRADING).toBeGreaterThanOrEqual(8);
    // the planted rings were made as meant (else a note), and found with nothing else (expectPerfect)
    expect(result.notes.filter((n) => n.startsWith('risk pattern'))).toEqual([]);
    expect(log.join('\n')).toMatch(
      /set abnormal \(非正常户, PATCH \/v1\/taxpayers\/\{taxId\}\) after its buyers claimed its 5 invoices/,
    );
    // UNDER_DECLARED needs invoices in an ended period, which sellers enrolled today cannot
    // issue (ADR 0021); while the previous period is open, the demo shows the refusal.
    expect(expected.UNDER_DECLARED).toBe(0);
    const day = Number(todayIn('Asia/Shanghai').slice(8));
    if (day <= 14) expect(log.join('\n')).toContain('→ CERTIFICATE_NOT_VALID_AT_ISSUE_DATE');
    expect(log.join('\n')).toContain('Every injected fault was found, and nothing else.');
    expect(log.join('\n')).toContain(`${system.urls.bureau}/dashboard/#/overview?period=`);

    // The same seed again on the same database: a fresh instance of the same economy.
    const again = await run(seed);
    expectPerfect(again);
    expect(again.instance).toBe(1);
    expect(again.comparison.rows.map((r) => r.expected)).toEqual(
      result.comparison.rows.map((r) => r.expected),
    );
  }, 300_000);
});
