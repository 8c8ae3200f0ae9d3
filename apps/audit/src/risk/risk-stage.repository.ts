import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityManager } from 'typeorm';
import { type AuditRun, type Backtest, isScoped } from '@app/audit-runs';
import { type AuditParameters, FINDING_SUBJECTS, type FindingCategory } from '@app/domain';
import { AuditConfig } from '../config/audit.config';

const sql = (name: string): string => readFileSync(join(__dirname, `${name}.sql`), 'utf8');

/**
 * How a rule's statement is best planned. Most look a few taxpayers' rows up by index (their
 * invoices, the claims of those): nested loops. GOODS_DIVERGENCE reads the window's trade in
 * one pass and hashes it against hundreds of traders: no nested loops, and no sorts or merge
 * joins on text keys (collation-aware sorts of 10^5 rows, as in the matching).
 */
// Each profile sets the same three keys, so no rule inherits the one before it.
const BY_INDEX = [
  'SET LOCAL enable_nestloop = on',
  'SET LOCAL enable_sort = on',
  'SET LOCAL enable_mergejoin = on',
];
const HASHED = [
  'SET LOCAL enable_nestloop = off',
  'SET LOCAL enable_sort = off',
  'SET LOCAL enable_mergejoin = off',
];

/**
 * The risk rules in the order they run: ABNORMAL_INPUT_SHARE reads the
 * ABSCONDED_SELLER_INPUT findings written before it. Each with the section of the rule set
 * that parameterises it.
 */
const RULES: readonly {
  category: FindingCategory;
  sql: string;
  section: keyof AuditParameters;
  planner: readonly string[];
}[] = [
  {
    category: 'ABSCONDED_SELLER_INPUT',
    sql: sql('absconded-seller-input'),
    section: 'abscondedSeller',
    planner: BY_INDEX,
  },
  { category: 'CAP_EDGE_ISSUANCE', sql: sql('cap-edge-issuance'), section: 'capEdge', planner: BY_INDEX },
  {
    category: 'NEW_ENTITY_BURST',
    sql: sql('new-entity-burst'),
    section: 'newEntityBurst',
    planner: BY_INDEX,
  },
  { category: 'GOODS_DIVERGENCE', sql: sql('goods-divergence'), section: 'goodsDivergence', planner: HASHED },
  {
    category: 'ABNORMAL_INPUT_SHARE',
    sql: sql('abnormal-input-share'),
    section: 'abnormalInputShare',
    planner: BY_INDEX,
  },
];
const TAXPAYER_SCORES = sql('taxpayer-scores');
const BACKTEST = sql('backtest');

/** Where the finaliser writes the taxpayer-level findings of a run: its own, and a back-test's baseline. */
export const OWN_PARTITION = -1;
export const BASELINE_PARTITION = -2;

/**
 * The risk stage of a run (docs/risk-monitoring.md): the five taxpayer-behaviour rules, run
 * once per run by the finaliser inside its transaction, after the matching of every
 * partition; the period's risk scores; a back-test's comparison. Statements only — the
 * finaliser owns the transaction, its order and its own planner settings (it puts them
 * back after `judge`).
 */
@Injectable()
export class RiskStageRepository {
  constructor(private readonly config: AuditConfig) {}

  /** Writes the risk findings of `run` judged by `parameters` into run_findings as `partition`. */
  async judge(
    m: EntityManager,
    run: AuditRun,
    parameters: AuditParameters,
    partition: number,
  ): Promise<void> {
    for (const rule of RULES) {
      for (const setting of rule.planner) await m.query(setting);
      await m.query(rule.sql, [
        run.id,
        run.period,
        run.watermark,
        isScoped(run),
        partition,
        JSON.stringify(parameters[rule.section]),
        this.config.TZ_BUSINESS,
      ]);
    }
  }

  /** Recomputes the period's risk scores from its active findings, by `parameters`' weights. */
  async score(m: EntityManager, run: AuditRun, parameters: AuditParameters): Promise<void> {
    await m.query(`DELETE FROM audit.taxpayer_risk WHERE period = $1`, [run.period]);
    await m.query(TAXPAYER_SCORES, [
      run.period,
      JSON.stringify(FINDING_SUBJECTS),
      JSON.stringify(parameters.weights),
      run.ruleVersion,
      run.id,
    ]);
  }

  /** A dry run's comparison of its candidate's findings with its baseline's. */
  async compare(m: EntityManager, run: AuditRun): Promise<Backtest> {
    const [row] = await m.query<{ backtest: Backtest }[]>(BACKTEST, [
      run.id,
      run.ruleVersion,
      run.baselineRuleVersion,
    ]);
    return row.backtest;
  }
}
