import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { BureauUserEntity } from '@app/database';
import { NATIONAL_BUREAU_CODE } from '@app/domain';

export type NewOfficer = Pick<
  BureauUserEntity,
  'username' | 'passwordHash' | 'bureauCode' | 'role' | 'createdBy'
>;

export interface OfficerListFilter {
  scopePrefix: string;
  status?: 'active' | 'disabled';
  afterUsername?: string;
  limit: number;
}

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The only read that loads the password hash (it is `select: false` everywhere else). */
  findWithPasswordHash(username: string): Promise<BureauUserEntity | null> {
    return this.db
      .getRepository(BureauUserEntity)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.username = :username', { username })
      .getOne();
  }

  findById(id: string, manager: EntityManager = this.db.manager): Promise<BureauUserEntity | null> {
    return manager.getRepository(BureauUserEntity).findOneBy({ id });
  }

  /** Inserts unless the username is taken; returns null when it was. */
  async insertIfAbsent(user: NewOfficer): Promise<BureauUserEntity | null> {
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO registry.users (username, password_hash, bureau_code, role, created_by)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (username) DO NOTHING
       RETURNING id`,
      [user.username, user.passwordHash, user.bureauCode, user.role, user.createdBy],
    );
    return rows.length === 0 ? null : this.findById(rows[0].id);
  }

  /** Keyset page ordered by username, within the subtree (`bureau_code LIKE prefix%`). */
  list(filter: OfficerListFilter): Promise<BureauUserEntity[]> {
    const qb = this.db
      .getRepository(BureauUserEntity)
      .createQueryBuilder('u')
      .where('u.bureau_code LIKE :scope', { scope: `${filter.scopePrefix}%` })
      .orderBy('u.username', 'ASC')
      .limit(filter.limit + 1);
    if (filter.status === 'active') qb.andWhere('u.disabled_at IS NULL');
    if (filter.status === 'disabled') qb.andWhere('u.disabled_at IS NOT NULL');
    if (filter.afterUsername) qb.andWhere('u.username > :after', { after: filter.afterUsername });
    return qb.getMany();
  }

  /**
   * Serialises every disable and enable for the rest of the caller's transaction, so that
   * two national admins disabling each other at once cannot both succeed (and leave none):
   * the second one counts after the first has committed.
   */
  async lockLifecycle(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('registry.users:lifecycle'))`);
  }

  async countEnabledNationalAdmins(manager: EntityManager): Promise<number> {
    const [row] = await manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM registry.users
        WHERE role = 'admin' AND bureau_code = $1 AND disabled_at IS NULL`,
      [NATIONAL_BUREAU_CODE],
    );
    return row.n;
  }

  /**
   * Disables an enabled account: no more logins, and every token issued until now is
   * refused, also after a later enable (its token_version moves on). An account already
   * disabled keeps its first disable.
   */
  async disable(manager: EntityManager, id: string, by: string): Promise<void> {
    await manager.query(
      `UPDATE registry.users
          SET disabled_at = now(), disabled_by = $2, token_version = token_version + 1
        WHERE id = $1 AND disabled_at IS NULL`,
      [id, by],
    );
  }

  async enable(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE registry.users SET disabled_at = NULL, disabled_by = NULL WHERE id = $1`, [
      id,
    ]);
  }
}
