import type { Check } from './invariants';
import type { PrivatePostgres, PrivateRedis } from '../system/private-services';
import type { Stack } from '../system/stack';

/** What every scenario gets: the running stack and the suite's own stores. */
export interface ChaosEnv {
  stack: Stack;
  pg: PrivatePostgres;
  redis: PrivateRedis;
  databaseUrl: string;
  /** A fresh tag per scenario, for its taxpayers, keys and files. */
  tag: string;
}

export interface Scenario {
  /** The fault, as the report's first column says it. */
  fault: string;
  run(env: ChaosEnv): Promise<Check[]>;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `condition` holds, polling; rejects after `timeoutMs`. */
export async function until(
  what: string,
  condition: () => Promise<boolean> | boolean,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

export function check(what: string, ok: boolean, detail?: string): Check {
  return { what, ok, detail };
}
