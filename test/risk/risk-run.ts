import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AuditRunLauncherService,
  AuditRunsRepository,
  RuleSetsRepository,
  type AuditRun,
} from '@app/audit-runs';
import type { RuleSetParameters } from '@app/domain';
import { AuditProbe } from '../factories/audit.probe';
import type { RegistryFactory } from '../factories/registry.factory';

/**
 * An on-demand audit run of `period` in the app under test (a dry run where `options` say
 * so), waited for; throws unless it completed, with the run's error.
 */
export async function completedRun(
  app: INestApplication,
  period: string,
  options: { dryRun?: boolean; ruleSetVersion?: number } = {},
): Promise<AuditRun> {
  const started = await app.get(AuditRunLauncherService).start({ period }, { kind: 'on_demand', ...options });
  const run = await new AuditProbe(app.get(DataSource)).waitForRun(
    app.get(AuditRunsRepository),
    started!.id,
    120_000,
  );
  if (run.status !== 'completed') throw new Error(`run ${run.status}: ${run.error}`);
  return run;
}

/**
 * A back-test of `period` by a new rule-set version: the active one with `change` applied to
 * its parameters (added, inactive, by the system officer).
 */
export async function backtest(
  app: INestApplication,
  registry: RegistryFactory,
  period: string,
  description: string,
  change: (active: RuleSetParameters) => RuleSetParameters,
): Promise<AuditRun> {
  const ruleSets = app.get(RuleSetsRepository);
  const active = await ruleSets.active();
  const candidate = await ruleSets.create(
    change(active.parameters),
    description,
    await registry.systemOfficer(),
  );
  return completedRun(app, period, { dryRun: true, ruleSetVersion: candidate.version });
}
