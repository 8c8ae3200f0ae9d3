import { DEFAULT_AUDIT_PARAMETERS } from '@app/domain';
import type { AuditRun } from '@app/audit-runs';
import { statusesOf, toAuditRunDto } from './audit-run.mapper';

const run = (over: Partial<AuditRun>): AuditRun => ({
  id: '0b6f2a52-3c1e-4d7a-9a57-2f0e1c9b6d11',
  kind: 'on_demand',
  period: '2017-04',
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
  status: 'queued',
  partitionsTotal: 16,
  partitionsDone: 0,
  counts: null,
  taxAtRisk: null,
  watermark: '2026-01-01T00:00:00.123456Z',
  triggerKey: null,
  requestedBy: null,
  requestId: 'req-1',
  error: null,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  startedAt: null,
  finishedAt: null,
  ...over,
});

describe('audit run view', () => {
  it('shows the four statuses of the API; finalizing is still running, below 100%', () => {
    const finalizing = toAuditRunDto(run({ status: 'finalizing', partitionsDone: 16 }));
    expect(finalizing.status).toBe('running');
    expect(finalizing.progress).toEqual({ partitionsDone: 16, partitionsTotal: 16, percent: 99 });
    expect(toAuditRunDto(run({ status: 'running', partitionsDone: 5 })).progress.percent).toBe(31);
    expect(toAuditRunDto(run({ status: 'completed', partitionsDone: 16 })).progress.percent).toBe(100);
    expect(toAuditRunDto(run({ status: 'failed', partitionsDone: 3 }))).toMatchObject({
      status: 'failed',
      progress: { percent: 18 },
    });
  });

  it('filters running runs with those being finalised', () => {
    expect(statusesOf('running')).toEqual(['running', 'finalizing']);
    expect(statusesOf('completed')).toEqual(['completed']);
  });

  it('shows the rule set a run judges by, and for a dry run its baseline and back-test', () => {
    expect(toAuditRunDto(run({}))).toMatchObject({
      ruleSetVersion: 1,
      dryRun: false,
      baselineRuleVersion: null,
      backtest: null,
      riskMs: null,
    });
    const backtest = {
      candidateVersion: 3,
      baselineVersion: 1,
      categories: {
        CAP_EDGE_ISSUANCE: {
          candidate: { findings: 2, taxAtRisk: '260.00' },
          baseline: { findings: 1, taxAtRisk: '130.00' },
          appear: 1,
          disappear: 0,
        },
      },
    };
    const dry = run({
      ruleVersion: 3,
      dryRun: true,
      publishes: false,
      baselineRuleVersion: 1,
      status: 'completed',
      backtest,
      riskMs: 42,
    });
    expect(toAuditRunDto(dry)).toMatchObject({
      ruleSetVersion: 3,
      dryRun: true,
      publishes: false,
      baselineRuleVersion: 1,
      backtest,
      riskMs: 42,
    });
  });

  it('keeps internal fields (trigger key, request id) out of the view', () => {
    const dto = toAuditRunDto(run({ triggerKey: 'nightly:2026-01-01:2025-12' }));
    expect(dto).not.toHaveProperty('triggerKey');
    expect(dto).not.toHaveProperty('requestId');
    expect(dto.watermark).toBe('2026-01-01T00:00:00.123456Z');
  });
});
