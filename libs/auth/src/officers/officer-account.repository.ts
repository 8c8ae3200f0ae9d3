import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** What the officer guard needs to know of an account besides its token. */
export interface OfficerAccountStatus {
  disabled: boolean;
  /** Tokens signed with another version (from before the account's last disable) are refused. */
  tokenVersion: number;
}

/** registry.users as the officer guard reads it, in the bureau app and the audit app. */
@Injectable()
export class OfficerAccountRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The account's status by primary key; null when no such officer exists (deleted). */
  async status(userId: string): Promise<OfficerAccountStatus | null> {
    const rows: { disabled: boolean; token_version: number }[] = await this.db.query(
      `SELECT disabled_at IS NOT NULL AS disabled, token_version FROM registry.users WHERE id = $1`,
      [userId],
    );
    return rows[0] ? { disabled: rows[0].disabled, tokenVersion: rows[0].token_version } : null;
  }
}
