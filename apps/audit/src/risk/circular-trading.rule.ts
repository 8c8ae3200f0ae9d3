import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RuleSetParameters } from '@app/domain';
import { findRings } from '@app/trade-graph';
import { TradeGraphRepository } from './trade-graph.repository';

/** What one judgement of CIRCULAR_TRADING did and where its time went (audit.runs.risk_rules). */
export interface RingStageFigures {
  edgesMs: number;
  searchMs: number;
  findingsMs: number;
  edges: number;
  nodes: number;
  components: number;
  largestComponent: number;
  rings: number;
  steps: number;
  truncated: boolean;
}

/**
 * CIRCULAR_TRADING (循环开票): the country's seller → buyer edges of the window, aggregated
 * and trimmed in SQL (trade-edges.sql), searched for rings in this process (findRings:
 * strongly connected components, then bounded cycles), and each ring's members written as
 * findings with their evidence (circular-trading.sql). Only the trimmed edges leave the
 * database, so memory follows the rings and their look-alikes, not the invoices (ADR 0025).
 */
@Injectable()
export class CircularTradingRule {
  private readonly log = new Logger(CircularTradingRule.name);

  constructor(private readonly graph: TradeGraphRepository) {}

  /** `args` are the risk stage's seven statement parameters ($1 run … $7 time zone). */
  async judge(
    m: EntityManager,
    args: readonly unknown[],
    parameters: RuleSetParameters['circularTrading'],
  ): Promise<RingStageFigures> {
    const [runId, period, watermark] = args;
    let started = Date.now();
    const edges = await this.graph.edges(m, watermark, period, parameters);
    const edgesMs = Date.now() - started;

    started = Date.now();
    const search = findRings(edges, parameters);
    const searchMs = Date.now() - started;
    if (search.truncated) {
      this.log.warn(
        `run ${String(runId)}: the ring search stopped after ${search.steps} edges ` +
          `(${search.rings.length} rings so far, largest component ${search.largestComponent} taxpayers)`,
      );
    }

    started = Date.now();
    await this.graph.writeRings(m, args, search.rings);
    const findingsMs = Date.now() - started;
    const { rings, ...graph } = search;
    return { edgesMs, searchMs, findingsMs, ...graph, rings: rings.length };
  }
}
