import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OfficerPrincipal } from '@app/auth';
import { inJurisdiction } from '@app/database';
import { formatMoney, parseMoney, parsePeriod, ValidationError } from '@app/domain';
import { taxpayerNotFound, visibleTaxpayer } from '../taxpayers/taxpayer-access';
import type { GraphNodeDto, TradeGraphDto, TradeGraphQuery } from './dto/trade-graph.dto';
import { GraphBuilder } from './graph-builder';
import { TradeGraphRepository } from './trade-graph.repository';

/** The most nodes an answer holds. */
export const GRAPH_MAX_NODES = 200;
/** The most edges one hop reads (largest first); more, and the answer is truncated. */
export const GRAPH_MAX_EDGES_PER_HOP = 1000;
export const GRAPH_MAX_DEPTH = 3;

function parseDepth(input: string | undefined): number {
  if (input === undefined) return 1;
  const depth = /^[0-9]+$/.test(input) ? Number(input) : NaN;
  if (!Number.isInteger(depth) || depth < 1 || depth > GRAPH_MAX_DEPTH) {
    throw new ValidationError(
      'GRAPH_DEPTH_INVALID',
      `depth must be an integer from 1 to ${GRAPH_MAX_DEPTH}`,
      {
        field: 'depth',
        min: 1,
        max: GRAPH_MAX_DEPTH,
      },
    );
  }
  return depth;
}

/**
 * The invoice-flow graph around a taxpayer of the officer's jurisdiction (docs/trade-graph.md):
 * who it invoiced and who invoiced it in a period, hop by hop up to `depth`, largest edges
 * first, at most GRAPH_MAX_NODES nodes. Nodes outside the jurisdiction show their tax id and
 * bureau only; edges show the findings the officer may see.
 */
@Injectable()
export class TradeGraphService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly graph: TradeGraphRepository,
  ) {}

  async around(officer: OfficerPrincipal, taxId: string, query: TradeGraphQuery): Promise<TradeGraphDto> {
    const period = parsePeriod(query.period, 'period');
    const depth = parseDepth(query.depth);
    const minAmount = formatMoney(parseMoney(query.minAmount ?? '0.00', { field: 'minAmount' }));
    return inJurisdiction(this.db, officer.scopePrefix, async (m) => {
      const [centre] = await this.graph.taxpayers(m, [taxId]);
      if (!centre) throw taxpayerNotFound(taxId);
      visibleTaxpayer(officer, taxId, centre);
      const builder = new GraphBuilder(taxId, GRAPH_MAX_NODES);
      let frontier = [taxId];
      for (let hop = 1; hop <= depth && frontier.length > 0; hop++) {
        const rows = await this.graph.edges(m, frontier, period, minAmount, GRAPH_MAX_EDGES_PER_HOP + 1);
        if (rows.length > GRAPH_MAX_EDGES_PER_HOP) builder.truncated = true;
        frontier = builder.add(rows.slice(0, GRAPH_MAX_EDGES_PER_HOP), hop);
      }
      const reached = builder.nodes();
      const ids = reached.map((n) => n.taxId);
      const registered = new Map((await this.graph.taxpayers(m, ids)).map((t) => [t.taxId, t]));
      const scores = new Map((await this.graph.scores(m, period, ids)).map((s) => [s.taxId, s.score]));
      const nodes = reached.map(({ taxId: id, depth: hops }): GraphNodeDto => {
        const t = registered.get(id);
        if (!t || !officer.covers(t.bureauCode))
          return { taxId: id, bureauCode: t?.bureauCode ?? null, depth: hops };
        return {
          taxId: id,
          bureauCode: t.bureauCode,
          depth: hops,
          name: t.name,
          status: t.status,
          score: scores.get(id) ?? null,
        };
      });
      return {
        taxId,
        period,
        depth,
        minAmount,
        maxNodes: GRAPH_MAX_NODES,
        truncated: builder.truncated,
        nodes,
        edges: builder.edgeRows(),
      };
    });
  }
}
