import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { updateReturning } from '@app/database';
import { completeRuleSetParameters, NotFoundError, type RuleSetParameters } from '@app/domain';

/** One version of the audit's thresholds and weights (audit.rule_sets). */
export interface RuleSet {
  version: number;
  parameters: RuleSetParameters;
  description: string | null;
  active: boolean;
  createdBy: string | null;
  createdAt: Date;
  activatedBy: string | null;
  activatedAt: Date | null;
}

const COLUMNS = `version, parameters, description, active, created_by AS "createdBy", created_at AS "createdAt",
                 activated_by AS "activatedBy", activated_at AS "activatedAt"`;

/** The answer to a version that does not exist, wherever one is asked for. */
export const ruleSetNotFound = (version: number): NotFoundError =>
  new NotFoundError('RULE_SET_NOT_FOUND', `There is no rule set version ${version}.`, {
    ruleSetVersion: version,
  });

const completed = (r: RuleSet): RuleSet => ({ ...r, parameters: completeRuleSetParameters(r.parameters) });

/**
 * audit.rule_sets: versions are only ever added; one is active (a partial unique index
 * holds it). Runs record the version and its parameters, so changing the active version
 * never changes what an earlier run found.
 */
@Injectable()
export class RuleSetsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async active(): Promise<RuleSet> {
    const [row] = await this.db.query<RuleSet[]>(`SELECT ${COLUMNS} FROM audit.rule_sets WHERE active`);
    if (!row) throw new Error('No active rule set: migration 16 seeds version 1');
    return completed(row);
  }

  async find(version: number): Promise<RuleSet | null> {
    const [row] = await this.db.query<RuleSet[]>(
      `SELECT ${COLUMNS} FROM audit.rule_sets WHERE version = $1`,
      [version],
    );
    return row ? completed(row) : null;
  }

  /** Newest first, `limit` of them after version `before`. */
  async list(limit: number, before?: number): Promise<RuleSet[]> {
    const rows = await this.db.query<RuleSet[]>(
      `SELECT ${COLUMNS} FROM audit.rule_sets WHERE $1::int IS NULL OR version < $1 ORDER BY version DESC LIMIT $2`,
      [before ?? null, limit],
    );
    return rows.map(completed);
  }

  /** Adds the next version, inactive. Versions are numbered under a table lock, gap-free. */
  async create(
    parameters: RuleSetParameters,
    description: string | null,
    createdBy: string,
  ): Promise<RuleSet> {
    return this.db.transaction(async (m) => {
      await m.query(`LOCK TABLE audit.rule_sets IN SHARE ROW EXCLUSIVE MODE`);
      const [row] = await m.query<RuleSet[]>(
        `INSERT INTO audit.rule_sets (version, parameters, description, created_by)
         SELECT coalesce(max(version), 0) + 1, $1, $2, $3 FROM audit.rule_sets
         RETURNING ${COLUMNS}`,
        [JSON.stringify(parameters), description, createdBy],
      );
      return completed(row);
    });
  }

  /** Makes `version` the active one; null if there is no such version. */
  async activate(version: number, by: string): Promise<RuleSet | null> {
    return this.db.transaction(async (m) => {
      await m.query(`LOCK TABLE audit.rule_sets IN SHARE ROW EXCLUSIVE MODE`);
      const [exists] = await m.query<{ version: number }[]>(
        `SELECT version FROM audit.rule_sets WHERE version = $1`,
        [version],
      );
      if (!exists) return null;
      await m.query(`UPDATE audit.rule_sets SET active = false WHERE active AND version <> $1`, [version]);
      const [row] = await updateReturning<RuleSet>(
        m,
        `UPDATE audit.rule_sets
            SET active = true,
                activated_by = CASE WHEN active THEN activated_by ELSE $2 END,
                activated_at = CASE WHEN active THEN activated_at ELSE now() END
          WHERE version = $1
          RETURNING ${COLUMNS}`,
        [version, by],
      );
      return completed(row);
    });
  }
}
