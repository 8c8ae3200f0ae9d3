import { DEFAULT_AUDIT_PARAMETERS, DEFAULT_RULE_SET } from '@app/domain';
import type { AuditRun } from '@app/audit-runs';
import type { FindingRow } from '@app/review';
import type { RuleSet } from '@app/audit-runs';
import {
  displayWidth,
  formatTable,
  renderBacktest,
  renderFindingsTable,
  renderRuleSets,
  renderRunSummary,
  scopeText,
} from './render';

function completedRun(over: Partial<AuditRun> = {}): AuditRun {
  return {
    id: '6c1f0b2a-5d7e-4f3a-9b1c-2d3e4f5a6b7c',
    kind: 'on_demand',
    period: '2026-10',
    bureauCode: '14401060000',
    taxIds: null,
    ruleVersion: 1,
    parameters: DEFAULT_AUDIT_PARAMETERS,
    dryRun: false,
    baselineRuleVersion: null,
    baselineParameters: null,
    backtest: null,
    riskMs: null,
    publishes: true,
    status: 'completed',
    partitionsTotal: 16,
    partitionsDone: 16,
    counts: { MATCHED: 3, UNCLAIMED: 1, FIELD_MISMATCH: 2 },
    taxAtRisk: { UNCLAIMED: '0', FIELD_MISMATCH: '260.1' },
    watermark: '2026-11-27T14:45:16.818204Z',
    triggerKey: null,
    requestedBy: null,
    requestId: null,
    error: null,
    createdAt: new Date('2026-11-27T14:45:16.818Z'),
    startedAt: new Date('2026-11-27T14:45:17.000Z'),
    finishedAt: new Date('2026-11-27T14:45:20.018Z'),
    ...over,
  };
}

function finding(over: Partial<FindingRow> = {}): FindingRow {
  return {
    id: '1042',
    period: '2026-10',
    category: 'FIELD_MISMATCH',
    status: 'open',
    state: 'active',
    invoiceCode: '4400261130',
    invoiceNumber: '00000001',
    sellerTaxId: '91440106MA59XXXX0K',
    buyerTaxId: '91110101MA01YYYY1L',
    sellerBureauCode: '14401060000',
    buyerBureauCode: '11101010000',
    taxAtRisk: '130.00',
    details: {},
    firstSeenAt: '2026-11-27T14:45:20.000000Z',
    lastSeenAt: '2026-11-27T14:45:20.000000Z',
    resolvedAt: null,
    ...over,
  };
}

describe('displayWidth and formatTable', () => {
  it('counts CJK characters as two columns', () => {
    expect(displayWidth('FORGED')).toBe(6);
    expect(displayWidth('假票')).toBe(4);
    expect(displayWidth('大头小尾')).toBe(8);
    expect(displayWidth('１２')).toBe(4);
  });

  it('aligns by display width, right-aligns numbers, and leaves no trailing blanks', () => {
    const table = formatTable(
      [{ header: 'term' }, { header: 'n', align: 'right' }, { header: 'note' }],
      [
        ['大头小尾', '12', ''],
        ['假票', '3', 'x'],
      ],
    );
    expect(table).toBe(['term       n  note', '大头小尾  12', '假票       3  x', ''].join('\n'));
  });
});

describe('renderRunSummary', () => {
  it('lists the categories with findings in the rules order, the total and the matched claims', () => {
    expect(renderRunSummary(completedRun())).toBe(
      [
        'audit run 6c1f0b2a-5d7e-4f3a-9b1c-2d3e4f5a6b7c completed in 3.2 s: period 2026-10, bureau 14401060000',
        'category        term  findings  tax at risk',
        'FIELD_MISMATCH  不符         2       260.10',
        'UNCLAIMED       滞留         1         0.00',
        'total                        3       260.10',
        'MATCHED         相符         3',
        '',
      ].join('\n'),
    );
  });

  it('adds money exactly (no float drift) and keeps categories it does not know', () => {
    const out = renderRunSummary(
      completedRun({
        counts: { FORGED: 1, OVERSTATED_CLAIM: 1, NEW_RULE: 2 },
        taxAtRisk: { FORGED: '0.10', OVERSTATED_CLAIM: '0.20', NEW_RULE: '9999999999999999.70' },
      }),
    );
    const lines = out.split('\n');
    expect(lines.slice(2, 5).map((l) => l.split(/\s+/)[0])).toEqual([
      'OVERSTATED_CLAIM',
      'FORGED',
      'NEW_RULE',
    ]);
    expect(out).toMatch(/^total\s+4\s+10000000000000000\.00$/m);
    expect(out).toMatch(/^MATCHED\s+相符\s+0$/m);
  });

  it('an empty run: zero findings; a trial run and other scopes say so', () => {
    const empty = renderRunSummary(completedRun({ counts: { MATCHED: 0 }, taxAtRisk: {} }));
    expect(empty).toMatch(/^total\s+0\s+0\.00$/m);
    const trial = renderRunSummary(completedRun({ publishes: false, bureauCode: null, taxIds: ['A', 'B'] }));
    expect(trial.split('\n')[0]).toMatch(/period 2026-10, 2 taxpayers \(trial: findings not published\)$/);
    expect(scopeText({ bureauCode: null, taxIds: null })).toBe('the whole country');
    expect(scopeText({ bureauCode: null, taxIds: ['A'] })).toBe('1 taxpayer');
  });
});

describe('renderBacktest', () => {
  const dryRun = (backtest: AuditRun['backtest']): AuditRun =>
    completedRun({ ruleVersion: 3, dryRun: true, publishes: false, baselineRuleVersion: 1, backtest });

  it('puts the candidate next to the baseline per category, in the rules order, with a total', () => {
    const side = (findings: number, taxAtRisk: string) => ({ findings, taxAtRisk });
    const out = renderBacktest(
      dryRun({
        candidateVersion: 3,
        baselineVersion: 1,
        categories: {
          CAP_EDGE_ISSUANCE: {
            candidate: side(2, '260.1'),
            baseline: side(1, '130'),
            appear: 1,
            disappear: 0,
          },
          FIELD_MISMATCH: { candidate: side(0, '0'), baseline: side(1, '0.20'), appear: 0, disappear: 1 },
        },
      }),
    );
    expect(out).toBe(
      [
        'back-test 6c1f0b2a-5d7e-4f3a-9b1c-2d3e4f5a6b7c completed in 3.2 s: rule set 3 against 1 (active), ' +
          'period 2026-10, bureau 14401060000; nothing published',
        'category           term      findings v3  tax at risk v3  findings v1  tax at risk v1  appear  disappear',
        'FIELD_MISMATCH     不符                0            0.00            1            0.20       0          1',
        'CAP_EDGE_ISSUANCE  顶额开具            2          260.10            1          130.00       1          0',
        'total                                  2          260.10            2          130.20       1          1',
        '',
      ].join('\n'),
    );
  });

  it('says so when the run recorded no comparison', () => {
    const out = renderBacktest(dryRun(null)).split('\n');
    expect(out[0]).toContain('rule set 3 against 1 (active)');
    expect(out[1]).toBe('no comparison was recorded: the audit workers that ran it predate back-tests');
  });
});

describe('renderRuleSets', () => {
  it('lists versions with the active one marked and descriptions on one line', () => {
    const ruleSet = (over: Partial<RuleSet>): RuleSet => ({
      version: 1,
      parameters: DEFAULT_RULE_SET,
      description: 'The defaults',
      active: false,
      createdBy: null,
      createdAt: new Date('2026-11-01T08:00:00Z'),
      activatedBy: null,
      activatedAt: null,
      ...over,
    });
    const out = renderRuleSets([
      ruleSet({
        version: 2,
        description: 'Cap edge\nfrom half',
        createdAt: new Date('2026-11-27T14:45:16Z'),
      }),
      ruleSet({ active: true, activatedAt: new Date('2026-11-01T08:00:00Z') }),
    ]);
    expect(out).toBe(
      [
        'version  active  created (UTC)     activated (UTC)   description',
        '      2          2026-11-27 14:45  -                 Cap edge from half',
        '      1  active  2026-11-01 08:00  2026-11-01 08:00  The defaults',
        '',
      ].join('\n'),
    );
  });
});

describe('renderFindingsTable', () => {
  it('one line per finding, then how many and their tax at risk', () => {
    const out = renderFindingsTable(
      [
        finding(),
        finding({
          id: '7',
          category: 'UNDER_DECLARED',
          invoiceCode: null,
          invoiceNumber: null,
          buyerTaxId: null,
          taxAtRisk: '0.2',
        }),
      ],
      false,
    );
    expect(out).toBe(
      [
        '  id  category        status  state   invoice              seller              buyer               tax at risk',
        '1042  FIELD_MISMATCH  open    active  4400261130-00000001  91440106MA59XXXX0K  91110101MA01YYYY1L       130.00',
        '   7  UNDER_DECLARED  open    active  -                    91440106MA59XXXX0K  -                          0.20',
        '2 findings, tax at risk 130.20',
        '',
      ].join('\n'),
    );
  });

  it('says when more findings match than are shown, and when none do', () => {
    expect(renderFindingsTable([finding()], true).split('\n').at(-2)).toBe(
      'first 1 finding, tax at risk 130.00; more match: raise --limit, narrow the filters, or export them all with --format csv',
    );
    expect(renderFindingsTable([], false)).toBe('no findings match\n');
  });
});
