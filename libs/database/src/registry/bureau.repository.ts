import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BureauEntity } from './bureau.entity';

/** Reads of the bureau tree (reference data, written only by migrations). */
@Injectable()
export class BureauRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findByCode(code: string): Promise<BureauEntity | null> {
    return this.db.getRepository(BureauEntity).findOneBy({ code });
  }

  children(code: string): Promise<BureauEntity[]> {
    return this.db.getRepository(BureauEntity).find({ where: { parentCode: code }, order: { code: 'ASC' } });
  }

  /** From national down to the bureau's parent; every ancestor's prefix is a prefix of the code. */
  async ancestors(code: string): Promise<BureauEntity[]> {
    return this.db.query(
      `SELECT code, name, level, parent_code AS "parentCode"
         FROM registry.bureaus
        WHERE $1 LIKE scope_prefix || '%' AND code <> $1
        ORDER BY length(scope_prefix)`,
      [code],
    );
  }
}
