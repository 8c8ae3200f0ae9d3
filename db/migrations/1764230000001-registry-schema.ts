import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One schema per bounded context (DESIGN §2) and the registry: bureaus, officers,
 * taxpayers. Codes are C-collated text so that a btree answers subtree prefix queries.
 */
export class RegistrySchema1764230000001 implements MigrationInterface {
  name = 'RegistrySchema1764230000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    for (const schema of ['registry', 'issuance', 'collection', 'audit', 'review']) {
      await q.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    }
    await q.query(`
      CREATE TABLE registry.bureaus (
        code              text COLLATE "C" PRIMARY KEY CHECK (code ~ '^1[0-9]{10}$'),
        division_code     char(6),
        name              text NOT NULL,
        level             text NOT NULL CHECK (level IN ('national', 'province', 'city', 'district')),
        parent_code       text COLLATE "C" REFERENCES registry.bureaus (code),
        scope_prefix      text COLLATE "C" NOT NULL,
        accepts_taxpayers boolean NOT NULL,
        CHECK ((level = 'national') = (parent_code IS NULL)),
        CHECK (left(code, length(scope_prefix)) = scope_prefix)
      )`);
    await q.query(`CREATE INDEX bureaus_parent_idx ON registry.bureaus (parent_code)`);
    await q.query(`
      CREATE TABLE registry.users (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username      text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{3,64}$'),
        password_hash text NOT NULL,
        bureau_code   text COLLATE "C" NOT NULL REFERENCES registry.bureaus (code),
        role          text NOT NULL CHECK (role IN ('reviewer', 'auditor', 'admin')),
        created_at    timestamptz NOT NULL DEFAULT now(),
        created_by    uuid REFERENCES registry.users (id)
      )`);
    await q.query(`CREATE INDEX users_bureau_idx ON registry.users (bureau_code)`);
    await q.query(`
      CREATE TABLE registry.taxpayers (
        tax_id                      text COLLATE "C" PRIMARY KEY CHECK (tax_id ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
        name                        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        bureau_code                 text COLLATE "C" NOT NULL REFERENCES registry.bureaus (code),
        kind                        text NOT NULL CHECK (kind IN ('general', 'small_scale')),
        status                      text NOT NULL DEFAULT 'normal'
                                      CHECK (status IN ('normal', 'abnormal', 'deregistered')),
        max_amount_version          smallint NOT NULL CHECK (max_amount_version BETWEEN 1 AND 4),
        enrollment_token_hash       bytea,
        enrollment_token_expires_at timestamptz,
        created_at                  timestamptz NOT NULL DEFAULT now(),
        updated_at                  timestamptz NOT NULL DEFAULT now(),
        created_by                  uuid REFERENCES registry.users (id)
      )`);
    await q.query(`CREATE INDEX taxpayers_bureau_idx ON registry.taxpayers (bureau_code, tax_id)`);
    await q.query(`
      CREATE TABLE registry.taxpayer_status_changes (
        id          bigserial PRIMARY KEY,
        tax_id      text COLLATE "C" NOT NULL REFERENCES registry.taxpayers (tax_id),
        from_status text NOT NULL,
        to_status   text NOT NULL,
        reason      text,
        changed_by  uuid NOT NULL REFERENCES registry.users (id),
        changed_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX taxpayer_status_changes_tax_id_idx ON registry.taxpayer_status_changes (tax_id)`,
    );
    await q.query(`
      CREATE TABLE registry.tax_id_overrides (
        tax_id   text COLLATE "C" PRIMARY KEY CHECK (tax_id ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
        reason   text NOT NULL,
        added_by uuid NOT NULL REFERENCES registry.users (id),
        added_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE registry.tax_id_overrides`);
    await q.query(`DROP TABLE registry.taxpayer_status_changes`);
    await q.query(`DROP TABLE registry.taxpayers`);
    await q.query(`DROP TABLE registry.users`);
    await q.query(`DROP TABLE registry.bureaus`);
    for (const schema of ['review', 'audit', 'collection', 'issuance', 'registry']) {
      await q.query(`DROP SCHEMA IF EXISTS ${schema}`);
    }
  }
}
