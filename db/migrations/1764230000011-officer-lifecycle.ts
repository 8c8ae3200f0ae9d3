import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Officer accounts can be disabled and enabled again (docs/adr/0018-officer-lifecycle.md).
 * `disabled_at` is set while the account is disabled. `token_version` goes up with every
 * disable and is signed into each token (claim `ver`): a token from before the account was
 * last disabled never works again, also after an enable (the officer logs in anew). A
 * counter rather than a time, because JWT times are whole seconds. The officer guard reads
 * both by primary key.
 */
export class OfficerLifecycle1764230000011 implements MigrationInterface {
  name = 'OfficerLifecycle1764230000011';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE registry.users
        ADD COLUMN disabled_at       timestamptz,
        ADD COLUMN disabled_by       uuid REFERENCES registry.users (id),
        ADD COLUMN token_version     integer NOT NULL DEFAULT 0,
        ADD CONSTRAINT users_disabled_by_whom CHECK ((disabled_at IS NULL) = (disabled_by IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE registry.users
        DROP CONSTRAINT users_disabled_by_whom,
        DROP COLUMN token_version,
        DROP COLUMN disabled_by,
        DROP COLUMN disabled_at`);
  }
}
