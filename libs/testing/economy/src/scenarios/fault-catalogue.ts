import type { ActorSpec } from '../economy-taxpayers';
import { AFFILIATED_RISK_SCENARIOS } from './affiliated-risk.scenarios';
import { DUPLICATE_SCENARIOS } from './duplicate.scenarios';
import type { FaultScenario, RoleSpec } from './fault-scenario';
import { FORGERY_SCENARIOS } from './forgery.scenarios';
import { GOODS_RISK_SCENARIOS } from './goods-risk.scenarios';
import { INPUT_RISK_SCENARIOS } from './input-risk.scenarios';
import { ISSUANCE_RISK_SCENARIOS } from './issuance-risk.scenarios';
import { LATE_ARRIVAL_SCENARIOS } from './late-arrival.scenarios';
import { MISMATCH_SCENARIOS } from './mismatch.scenarios';
import { REVOCATION_SCENARIOS } from './revocation.scenarios';
import { RING_RISK_SCENARIOS } from './ring-risk.scenarios';
import { SHARED_RISK_CAST } from './risk-trade';
import { ScenarioBook } from './scenario-book';
import { ScenarioContext } from './scenario-context';
import type { ScenarioEnvironment } from './scenario-environment';
import { VOID_AND_CREDIT_SCENARIOS } from './void-and-credit.scenarios';

/** The risk stage's scenarios: each of its rules found, and missed just short of it. */
export const RISK_SCENARIOS: readonly FaultScenario[] = [
  ...ISSUANCE_RISK_SCENARIOS,
  ...GOODS_RISK_SCENARIOS,
  ...INPUT_RISK_SCENARIOS,
  ...RING_RISK_SCENARIOS,
  ...AFFILIATED_RISK_SCENARIOS,
];

/** Every fault scenario, once each: together they give every category and their combinations. */
export const FAULT_CATALOGUE: readonly FaultScenario[] = [
  ...MISMATCH_SCENARIOS,
  ...FORGERY_SCENARIOS,
  ...VOID_AND_CREDIT_SCENARIOS,
  ...DUPLICATE_SCENARIOS,
  ...REVOCATION_SCENARIOS,
  ...LATE_ARRIVAL_SCENARIOS,
  ...RISK_SCENARIOS,
];

const planted = (late: boolean) => FAULT_CATALOGUE.filter((s) => !s.late || late);
const actorOf = (prefix: string, { role, ...spec }: RoleSpec): ActorSpec => ({
  ...spec,
  key: `${prefix}/${role}`,
});

/** The taxpayers the catalogue's scenarios have for themselves: the shared ones, then each scenario's. */
export function catalogueActors(late: boolean): ActorSpec[] {
  return [
    ...SHARED_RISK_CAST.map((r) => actorOf('shared', r)),
    ...planted(late).flatMap((s) => (s.cast ?? []).map((r) => actorOf(s.name, r))),
  ];
}

/** Plants the catalogue (without the late-arrival scenarios when the economy has no late rows). */
export function plantScenarios(env: ScenarioEnvironment): ScenarioBook {
  const book = new ScenarioBook();
  for (const scenario of planted(env.lateAt !== null)) {
    scenario.plant(new ScenarioContext(book, env, scenario.name));
  }
  return book;
}
