import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who controls a taxpayer (issue 17, docs/trade-graph.md): its legal representative, finance
 * officer and shareholders (persons or registered companies, with their shares), and its
 * address, phone and bank account — with their history: a change closes the rows in force
 * (valid_to) and adds new ones, so a rule can judge a period by the parties in force then.
 * Identity numbers are personal data: only a keyed digest (HMAC-SHA256 under the bureau's
 * IDENTITY_HMAC_KEY) and the last four characters are stored, never the number. A bank
 * account is kept the same way; an address and a phone are public registration data, kept as
 * given, with a digest of their normalised form for equality.
 */
export class ControllingParties1764230000019 implements MigrationInterface {
  name = 'ControllingParties1764230000019';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE registry.taxpayer_parties (
        id            bigserial PRIMARY KEY,
        tax_id        text COLLATE "C" NOT NULL REFERENCES registry.taxpayers (tax_id),
        role          text NOT NULL CHECK (role IN ('legal_representative', 'finance_officer', 'shareholder',
                                                    'address', 'phone', 'bank_account')),
        name          text CHECK (length(name) <= 200),
        id_digest     text CHECK (id_digest ~ '^[0-9a-f]{64}$'),
        id_last4      text CHECK (id_last4 ~ '^[0-9X]{4}$'),
        party_tax_id  text COLLATE "C" REFERENCES registry.taxpayers (tax_id),
        share         numeric(7,6) CHECK (share > 0 AND share <= 1),
        value         text CHECK (length(value) <= 300),
        value_digest  text CHECK (value_digest ~ '^[0-9a-f]{64}$'),
        value_last4   text,
        valid_from    timestamptz NOT NULL DEFAULT now(),
        valid_to      timestamptz,
        set_by        uuid REFERENCES registry.users (id),
        CHECK (valid_to IS NULL OR valid_to >= valid_from),
        -- a person is named by its digest, a company by its tax id, a contact by its value
        CHECK (CASE role
                 WHEN 'shareholder' THEN name IS NOT NULL AND share IS NOT NULL
                                         AND (id_digest IS NULL) <> (party_tax_id IS NULL)
                 WHEN 'legal_representative' THEN name IS NOT NULL AND id_digest IS NOT NULL
                 WHEN 'finance_officer' THEN name IS NOT NULL AND id_digest IS NOT NULL
                 ELSE value_digest IS NOT NULL
               END)
      )`);
    await q.query(`CREATE INDEX taxpayer_parties_in_force ON registry.taxpayer_parties (tax_id, role)
                   WHERE valid_to IS NULL`);
    await q.query(`CREATE INDEX taxpayer_parties_person ON registry.taxpayer_parties (id_digest)
                   WHERE id_digest IS NOT NULL`);
    await q.query(`CREATE INDEX taxpayer_parties_company ON registry.taxpayer_parties (party_tax_id)
                   WHERE party_tax_id IS NOT NULL`);
    await q.query(`CREATE INDEX taxpayer_parties_contact ON registry.taxpayer_parties (role, value_digest)
                   WHERE value_digest IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE registry.taxpayer_parties`);
  }
}
