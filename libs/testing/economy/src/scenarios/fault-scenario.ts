import type { ActorSpec } from '../economy-taxpayers';
import type { ScenarioContext } from './scenario-context';

/** A taxpayer a scenario has for itself, by its role in the scenario. */
export type RoleSpec = Omit<ActorSpec, 'key'> & { role: string };

/**
 * One planted situation with its known outcome: the rows that make it, and the findings
 * (and MATCHED claims) that rule version 1 gives it, declared by hand. Each scenario uses
 * invoice keys of its own, so scenarios never interfere with each other's findings; they
 * do add to their parties' per-taxpayer totals, which the returns account for.
 */
export interface FaultScenario {
  name: string;
  /** Needs rows stamped after the watermark: skipped when the economy has none. */
  late?: boolean;
  /**
   * Taxpayers of its own, outside the background trade (risk scenarios judge taxpayers
   * over the whole period, so their subjects must trade only as the scenario says).
   */
  cast?: readonly RoleSpec[];
  plant(ctx: ScenarioContext): void;
}
