import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TaxPeriod } from '@app/domain';
import type { GraphEdgeRow } from './graph-builder';
import { sqlFile } from '@app/database';

const EDGES = sqlFile(__dirname, 'graph-edges.sql');

export interface GraphTaxpayerRow {
  taxId: string;
  name: string;
  bureauCode: string;
  status: string;
}

/**
 * Reads of the graph route, each in the EntityManager of an inJurisdiction transaction:
 * findings and scores are under row-level security; invoices and registrations are not,
 * so the service decides what of a node outside the jurisdiction it shows.
 */
@Injectable()
export class TradeGraphRepository {
  /** Up to `limit` edges of `period` with a side in `taxIds`, of at least `minAmount` (graph-edges.sql). */
  edges(
    m: EntityManager,
    taxIds: readonly string[],
    period: TaxPeriod,
    minAmount: string,
    limit: number,
  ): Promise<GraphEdgeRow[]> {
    return m.query<GraphEdgeRow[]>(EDGES, [taxIds, period, minAmount, limit]);
  }

  taxpayers(m: EntityManager, taxIds: readonly string[]): Promise<GraphTaxpayerRow[]> {
    return m.query<GraphTaxpayerRow[]>(
      `SELECT tax_id AS "taxId", name, bureau_code AS "bureauCode", status
         FROM registry.taxpayers WHERE tax_id = ANY ($1)`,
      [taxIds],
    );
  }

  /** The period's risk scores of those of `taxIds` the officer may see. */
  scores(
    m: EntityManager,
    period: TaxPeriod,
    taxIds: readonly string[],
  ): Promise<{ taxId: string; score: number }[]> {
    return m.query(
      `SELECT tax_id AS "taxId", score FROM audit.taxpayer_risk WHERE period = $1 AND tax_id = ANY ($2)`,
      [period, taxIds],
    );
  }
}
