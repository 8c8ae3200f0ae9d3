import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type AuditRun, type Backtest, isScoped } from '@app/audit-runs';
import { type AuditParameters, FINDING_SUBJECTS, type FindingCategory } from '@app/domain';
import { AuditConfig } from '../config/audit.config';
import { CircularTradingRule, type RingStageFigures } from './circular-trading.rule';
import type { EdgesReadAside } from './trade-graph.repository';
import { BY_INDEX, HASHED } from './planner-profiles';
import { sqlFile } from '@app/database';

const sql = (name: string): string => sqlFile(__dirname, `${name}.sql`);

/**
 * The risk rules in the order they run: ABNORMAL_INPUT_SHARE reads the
 * ABSCONDED_SELLER_INPUT and CIRCULAR_TRADING findings written before it. Each with the
 * section of the rule set that parameterises it; one statement each, but CIRCULAR_TRADING,
 * whose ring search runs here (CircularTradingRule).
 */
const RULES: readonly (
  | { category: FindingCategory; sql: string; section: keyof AuditParameters; planner: readonly string[] }
  | { category: 'CIRCULAR_TRADING'; section: 'circularTrading'; graph: true }
)[] = [
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
  { category: 'CIRCULAR_TRADING', section: 'circularTrading', graph: true },
  {
    category: 'AFFILIATED_TRADE',
    sql: sql('affiliated-trade'),
    section: 'affiliatedTrade',
    planner: BY_INDEX,
  },
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

/** Each rule's time in one judgement, and the ring search's figures (audit.runs.risk_rules). */
export type RiskRuleFigures = Partial<Record<FindingCategory, { ms: number } & Partial<RingStageFigures>>>;

/**
 * The risk stage of a run (docs/risk-monitoring.md): the taxpayer-behaviour rules, run
 * once per run by the finaliser inside its transaction, after the matching of every
 * partition; the period's risk scores; a back-test's comparison. Statements only — the
 * finaliser owns the transaction, its order and its own planner settings (it puts them
 * back after `judge`).
 */
@Injectable()
export class RiskStageRepository {
  constructor(
    private readonly config: AuditConfig,
    private readonly rings: CircularTradingRule,
  ) {}

  /**
   * Writes the risk findings of `run` judged by `parameters` into run_findings as `partition`.
   * Returns each rule's time.
   */
  async judge(
    m: EntityManager,
    run: AuditRun,
    parameters: AuditParameters,
    partition: number,
    ringEdges?: Promise<EdgesReadAside>,
  ): Promise<RiskRuleFigures> {
    const figures: RiskRuleFigures = {};
    for (const rule of RULES) {
      const started = Date.now();
      const args = [
        run.id,
        run.period,
        run.watermark,
        isScoped(run),
        partition,
        JSON.stringify(parameters[rule.section]),
        this.config.TZ_BUSINESS,
      ];
      if ('graph' in rule) {
        const ring = await this.rings.judge(m, args, parameters.circularTrading, ringEdges);
        figures[rule.category] = { ms: Date.now() - started, ...ring };
        continue;
      }
      for (const setting of rule.planner) await m.query(setting);
      await m.query(rule.sql, args);
      figures[rule.category] = { ms: Date.now() - started };
    }
    return figures;
  }

  /**
   * Starts reading CIRCULAR_TRADING's edges of `run` by `parameters` aside, on a connection of
   * their own, for `judge`: the one statement of the stage that reads the window's whole trade
   * (1.5 s of 2.9 at 1 M invoices), overlapped with 票表比对 and the rules before it.
   */
  startRingEdges(run: AuditRun, parameters: AuditParameters): Promise<EdgesReadAside> {
    return this.rings.startEdgesAside(run, parameters.circularTrading);
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
