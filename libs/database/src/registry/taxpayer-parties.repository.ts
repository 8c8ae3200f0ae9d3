import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PARTY_ROW_COLUMNS, partyRowValues, type PartyRole, type PartyRow } from '@app/domain';

/** A party in force, as read back: never an identity number, only its last four. */
export type StoredParty = Omit<PartyRow, 'idDigest' | 'valueDigest'> & { validFrom: Date };

/**
 * registry.taxpayer_parties (migration 19): who controls a taxpayer, with history. Rows are
 * never changed but to close them: a replacement closes the role's rows in force and adds
 * the new ones, at the same instant, in the caller's transaction.
 */
@Injectable()
export class TaxpayerPartiesRepository {
  async replace(
    m: EntityManager,
    taxId: string,
    rows: ReadonlyMap<PartyRole, readonly PartyRow[]>,
    setBy: string,
  ): Promise<void> {
    for (const [role, list] of rows) {
      await m.query(
        `UPDATE registry.taxpayer_parties SET valid_to = now()
          WHERE tax_id = $1 AND role = $2 AND valid_to IS NULL`,
        [taxId, role],
      );
      for (const r of list) {
        await m.query(
          `INSERT INTO registry.taxpayer_parties (tax_id, ${PARTY_ROW_COLUMNS.join(', ')}, set_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [taxId, ...partyRowValues(r), setBy],
        );
      }
    }
  }

  /** The parties in force, in the order they were given. */
  inForce(m: EntityManager, taxId: string): Promise<StoredParty[]> {
    return m.query<StoredParty[]>(
      `SELECT role, name, id_last4 AS "idLast4", party_tax_id AS "partyTaxId", trim_scale(share)::text AS share,
              value, value_last4 AS "valueLast4", valid_from AS "validFrom"
         FROM registry.taxpayer_parties
        WHERE tax_id = $1 AND valid_to IS NULL
        ORDER BY id`,
      [taxId],
    );
  }

  /** Which of `taxIds` are registered. */
  async registered(m: EntityManager, taxIds: readonly string[]): Promise<Set<string>> {
    const rows = await m.query<{ tax_id: string }[]>(
      `SELECT tax_id FROM registry.taxpayers WHERE tax_id = ANY ($1)`,
      [taxIds],
    );
    return new Set(rows.map((r) => r.tax_id));
  }
}
