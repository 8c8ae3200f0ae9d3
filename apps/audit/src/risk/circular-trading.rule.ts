import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RuleSetParameters } from '@app/domain';
import { findRings, type TradeEdge } from '@app/trade-graph';
import { EdgesReadAside, TradeGraphRepository } from './trade-graph.repository';

/** What one judgement of CIRCULAR_TRADING did and where its time went (audit.runs.risk_rules). */
export interface RingStageFigures {
  /** The edge statement's own time, wherever it ran. */
  edgesMs: number;
  /** When the edges were read aside (startEdgesAside): how long the rule still waited for them. */
  edgesWaitMs?: number;
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

  /**
   * Starts reading the run's edges on a connection of their own (TradeGraphRepository.edgesAside),
   * for `judge` to take later. A failure is kept for the caller of `judge`, and counts as
   * handled until then: a finaliser that fails before the rule runs must not end the process.
   */
  startEdgesAside(
    run: { period: string; watermark: unknown },
    parameters: RuleSetParameters['circularTrading'],
  ): Promise<EdgesReadAside> {
    const read = this.graph.edgesAside(run.watermark, run.period, parameters);
    read.catch(() => undefined);
    return read;
  }

  /**
   * `args` are the risk stage's seven statement parameters ($1 run … $7 time zone); `aside`,
   * the edges of the same run and parameters from startEdgesAside, when the caller began
   * reading them earlier.
   */
  async judge(
    m: EntityManager,
    args: readonly unknown[],
    parameters: RuleSetParameters['circularTrading'],
    aside?: Promise<EdgesReadAside>,
  ): Promise<RingStageFigures> {
    const [runId, period, watermark] = args;
    let started = Date.now();
    let edges: TradeEdge[];
    let edgesMs: number;
    let edgesWaitMs: number | undefined;
    if (aside) {
      ({ edges, ms: edgesMs } = await aside);
      edgesWaitMs = Date.now() - started;
    } else {
      edges = await this.graph.edges(m, watermark, period, parameters);
      edgesMs = Date.now() - started;
    }

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
    return { edgesMs, edgesWaitMs, searchMs, findingsMs, ...graph, rings: rings.length };
  }
}
