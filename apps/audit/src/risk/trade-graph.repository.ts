import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { RuleSetParameters } from '@app/domain';
import { sqlFile } from '@app/database';
import type { Ring, TradeEdge } from '@app/trade-graph';
import { ASIDE_PARALLEL, BY_INDEX, FINALISER_SESSION, HASHED } from './planner-profiles';

const sql = (name: string): string => sqlFile(__dirname, `${name}.sql`);
const TRADE_EDGES = sql('trade-edges');
const CIRCULAR_TRADING = sql('circular-trading');

/** The window's trimmed edges, read on a connection of their own, and the statement's time. */
export interface EdgesReadAside {
  edges: TradeEdge[];
  ms: number;
}

/**
 * The statements of CIRCULAR_TRADING, each under the planner profile it was measured with:
 * the window's seller → buyer edges aggregated and trimmed (hashed: one pass over every
 * invoice and copy), and the rings' findings written (by index: each edge's invoices looked
 * up by its seller). The finaliser owns the transaction and puts its settings back after.
 */
@Injectable()
export class TradeGraphRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async edges(
    m: EntityManager,
    watermark: unknown,
    period: unknown,
    parameters: RuleSetParameters['circularTrading'],
  ): Promise<TradeEdge[]> {
    for (const setting of HASHED) await m.query(setting);
    return m.query<TradeEdge[]>(TRADE_EDGES, [watermark, period, JSON.stringify(parameters)]);
  }

  /**
   * The same edges, read in a read-only transaction of their own, so that the finaliser's
   * transaction goes on meanwhile (the second core is idle once the partitions are done).
   * Any snapshot taken after the run began finds the same edges: the statement reads only
   * rows stamped at or before the watermark, as the partition jobs, each on a connection of
   * its own, do. Under the finaliser's settings (FINALISER_SESSION), with one parallel
   * worker (ASIDE_PARALLEL). Pool: a finaliser holds one connection and this one more; the
   * worker runs AUDIT_CONCURRENCY (2) jobs, so at most 4 of the pool's 10.
   */
  edgesAside(
    watermark: unknown,
    period: unknown,
    parameters: RuleSetParameters['circularTrading'],
  ): Promise<EdgesReadAside> {
    return this.db.transaction(async (m) => {
      await m.query(`SET TRANSACTION READ ONLY`);
      for (const setting of FINALISER_SESSION) await m.query(setting);
      for (const setting of ASIDE_PARALLEL) await m.query(setting);
      const started = Date.now();
      const edges = await this.edges(m, watermark, period, parameters);
      return { edges, ms: Date.now() - started };
    });
  }

  /** `args` are the risk stage's seven statement parameters ($1 run … $7 time zone). */
  async writeRings(m: EntityManager, args: readonly unknown[], rings: readonly Ring[]): Promise<void> {
    for (const setting of BY_INDEX) await m.query(setting);
    if (rings.length === 0) return;
    const members = [...new Set(rings.flatMap((ring) => ring.members))];
    await m.query(CIRCULAR_TRADING, [...args, JSON.stringify(rings), members]);
  }
}
