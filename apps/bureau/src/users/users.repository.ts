import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BureauUserEntity } from '@app/database';

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

  findById(id: string): Promise<BureauUserEntity | null> {
    return this.db.getRepository(BureauUserEntity).findOneBy({ id });
  }

  /** Inserts unless the username is taken; returns null when it was. */
  async insertIfAbsent(user: Omit<BureauUserEntity, 'id' | 'createdAt'>): Promise<BureauUserEntity | null> {
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO registry.users (username, password_hash, bureau_code, role, created_by)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (username) DO NOTHING
       RETURNING id`,
      [user.username, user.passwordHash, user.bureauCode, user.role, user.createdBy],
    );
    return rows.length === 0 ? null : this.findById(rows[0].id);
  }
}
