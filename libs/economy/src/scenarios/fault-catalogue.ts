import { DUPLICATE_SCENARIOS } from './duplicate.scenarios';
import type { FaultScenario } from './fault-scenario';
import { FORGERY_SCENARIOS } from './forgery.scenarios';
import { LATE_ARRIVAL_SCENARIOS } from './late-arrival.scenarios';
import { MISMATCH_SCENARIOS } from './mismatch.scenarios';
import { REVOCATION_SCENARIOS } from './revocation.scenarios';
import { ScenarioBook } from './scenario-book';
import { ScenarioContext } from './scenario-context';
import type { ScenarioEnvironment } from './scenario-environment';
import { VOID_AND_CREDIT_SCENARIOS } from './void-and-credit.scenarios';

/** Every fault scenario, once each: together they give every category and their combinations. */
export const FAULT_CATALOGUE: readonly FaultScenario[] = [
  ...MISMATCH_SCENARIOS,
  ...FORGERY_SCENARIOS,
  ...VOID_AND_CREDIT_SCENARIOS,
  ...DUPLICATE_SCENARIOS,
  ...REVOCATION_SCENARIOS,
  ...LATE_ARRIVAL_SCENARIOS,
];

/** Plants the catalogue (without the late-arrival scenarios when the economy has no late rows). */
export function plantScenarios(env: ScenarioEnvironment): ScenarioBook {
  const book = new ScenarioBook();
  for (const scenario of FAULT_CATALOGUE) {
    if (scenario.late && env.lateAt === null) continue;
    scenario.plant(new ScenarioContext(book, env, scenario.name));
  }
  return book;
}
