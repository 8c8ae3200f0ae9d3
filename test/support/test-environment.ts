import { raisedAbuseLimits } from '@app/platform';

/**
 * One isolated world per `npm test` run: its own database and bull prefix, so that two
 * runs on one machine (or a crashed earlier run) can never see each other's rows or jobs.
 */
export interface TestEnvironment {
  runId: string;
  databaseName: string;
  databaseUrl: string;
  bullPrefix: string;
}

const BASE_URL = process.env.TEST_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';

export function newTestEnvironment(): TestEnvironment {
  const runId = `${Date.now().toString(36)}_${process.pid}`;
  const databaseName = `jinshui_test_${runId}`;
  return {
    runId,
    databaseName,
    databaseUrl: `${BASE_URL}/${databaseName}`,
    bullPrefix: `jinshui-test-${runId}`,
  };
}

/** Every app reads its settings from the environment; the tests set them once here. */
export function applyTestEnvironment(env: TestEnvironment): void {
  process.env.NODE_ENV = 'test';
  process.env.DATABASE_URL = env.databaseUrl;
  process.env.BULL_PREFIX = env.bullPrefix;
  process.env.REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'error';
  process.env.JINSHUI_TEST_DATABASE = env.databaseName;
  raiseAbuseLimits(process.env);
  quietSweepers(process.env);
}

/**
 * The upload and audit sweepers reconcile every unfinished upload or run of their database
 * into their own bull prefix. The e2e files share a database but not a prefix, so one
 * file's sweeper would take another file's work (and a crash test's upload, left stopped on
 * purpose, would be carried on behind its back). They sweep once an hour here; the files
 * that test them set their own interval, in a database of their own.
 */
export function quietSweepers(env: NodeJS.ProcessEnv): void {
  env.UPLOAD_SWEEP_INTERVAL_MS ??= '3600000';
  env.AUDIT_SWEEP_INTERVAL_MS ??= '3600000';
}

/**
 * The suites send thousands of requests from one address and one key, faster than any
 * client should: they run with limits far above that, set through the configuration like
 * any installation's. The abuse-limit suites set their own low limits (see their env files).
 */
export function raiseAbuseLimits(env: NodeJS.ProcessEnv): void {
  for (const [name, value] of Object.entries(raisedAbuseLimits())) env[name] ??= value;
}
