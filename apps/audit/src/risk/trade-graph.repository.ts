import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RuleSetParameters } from '@app/domain';
import { sqlFile } from '@app/database';
import type { Ring, TradeEdge } from '@app/trade-graph';
import { BY_INDEX, HASHED } from './planner-profiles';

const sql = (name: string): string => sqlFile(__dirname, `${name}.sql`);
const TRADE_EDGES = sql('trade-edges');
const CIRCULAR_TRADING = sql('circular-trading');

/**
 * The statements of CIRCULAR_TRADING, each under the planner profile it was measured with:
 * the window's seller → buyer edges aggregated and trimmed (hashed: one pass over every
 * invoice and copy), and the rings' findings written (by index: each edge's invoices looked
 * up by its seller). The finaliser owns the transaction and puts its settings back after.
 */
@Injectable()
export class TradeGraphRepository {
  async edges(
    m: EntityManager,
    watermark: unknown,
    period: unknown,
    parameters: RuleSetParameters['circularTrading'],
  ): Promise<TradeEdge[]> {
    for (const setting of HASHED) await m.query(setting);
    return m.query<TradeEdge[]>(TRADE_EDGES, [watermark, period, JSON.stringify(parameters)]);
  }

  /** `args` are the risk stage's seven statement parameters ($1 run … $7 time zone). */
  async writeRings(m: EntityManager, args: readonly unknown[], rings: readonly Ring[]): Promise<void> {
    for (const setting of BY_INDEX) await m.query(setting);
    if (rings.length > 0) await m.query(CIRCULAR_TRADING, [...args, JSON.stringify(rings)]);
  }
}
