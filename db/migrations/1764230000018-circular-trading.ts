import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * CIRCULAR_TRADING, the invoice-flow graph's first rule (issue 17, ADR 0025): each run
 * records each risk rule's time and the ring search's figures (the graph's size, its
 * components, the rings), for the bench and for an operator asking where the stage's time
 * went. The rule's parameters need nothing here: a rule set recorded before the rule gets
 * its defaults and weight when read (completeRuleSetParameters).
 */
export class CircularTrading1764230000018 implements MigrationInterface {
  name = 'CircularTrading1764230000018';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit.runs ADD COLUMN risk_rules jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit.runs DROP COLUMN risk_rules`);
  }
}
