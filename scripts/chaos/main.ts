import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chaosStackSettings } from './chaos-settings';
import type { Check } from './invariants';
import { PrivatePostgres, PrivateRedis } from '../system/private-services';
import type { ChaosEnv } from './scenario';
import { SCENARIOS } from './scenarios';
import { Stack } from '../system/stack';

interface Outcome {
  fault: string;
  checks: Check[];
  seconds: number;
  error?: string;
}

const out = (line = '') => process.stdout.write(`${line}\n`);

/**
 * `npm run chaos`: the whole system (the `npm start` supervisor and its four apps) against
 * a PostgreSQL cluster and a Redis of the suite's own on free loopback ports; each fault
 * is scripted in turn, then invariants are checked in SQL (and in Redis). Prints a table of
 * faults survived; exit code 1 if any was not. `--only <text>` runs the faults whose
 * description contains the text.
 */
async function main(): Promise<number> {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  const scenarios = SCENARIOS.filter((s) => !only || s.fault.includes(only));
  const workDir = mkdtempSync(join(tmpdir(), 'jinshui-chaos-'));
  const logFile = join(workDir, 'stack.log');
  out(`chaos: private PostgreSQL and Redis, the stack's output in ${logFile}`);
  const pg = await PrivatePostgres.create();
  const redis = await PrivateRedis.create();
  const databaseUrl = `${pg.baseUrl}/jinshui`;
  const stack = await Stack.create(chaosStackSettings(databaseUrl, redis.url), logFile);
  const outcomes: Outcome[] = [];
  try {
    await stack.start();
    out(`chaos: stack up (bureau ${stack.urls.bureau}); ${scenarios.length} faults`);
    for (const [i, scenario] of scenarios.entries()) {
      const env: ChaosEnv = {
        stack,
        pg,
        redis,
        databaseUrl,
        tag: `c${i + 1}${randomBytes(3).toString('hex')}`,
      };
      const started = Date.now();
      stack.note(`fault ${i + 1}: ${scenario.fault}`);
      let outcome: Outcome;
      try {
        outcome = { fault: scenario.fault, checks: await scenario.run(env), seconds: 0 };
      } catch (err) {
        outcome = { fault: scenario.fault, checks: [], seconds: 0, error: (err as Error).message };
      }
      outcome.seconds = (Date.now() - started) / 1000;
      outcomes.push(outcome);
      out(
        `  ${survived(outcome) ? 'survived' : 'FAILED  '}  ${scenario.fault} (${outcome.seconds.toFixed(1)} s)`,
      );
      // The next fault starts from a whole system, whatever this one left.
      if (!stack.running) await stack.start();
      await stack.waitHealthy().catch(async () => {
        await stack.stop();
        await stack.start();
      });
    }
  } finally {
    await stack.stop();
    pg.destroy();
    await redis.shutdown();
  }
  printTable(outcomes);
  out(`stack log: ${logFile}`);
  return outcomes.every(survived) ? 0 : 1;
}

function survived(o: Outcome): boolean {
  return o.error === undefined && o.checks.length > 0 && o.checks.every((c) => c.ok);
}

function printTable(outcomes: Outcome[]): void {
  const width = Math.max(...outcomes.map((o) => o.fault.length), 5);
  out('');
  out(`${'fault'.padEnd(width)}  survived  checks  seconds`);
  out(`${'-'.repeat(width)}  --------  ------  -------`);
  for (const o of outcomes) {
    const ok = o.checks.filter((c) => c.ok).length;
    out(
      `${o.fault.padEnd(width)}  ${(survived(o) ? 'yes' : 'NO').padEnd(8)}  ${`${ok}/${o.checks.length}`.padStart(6)}  ${o.seconds.toFixed(1).padStart(7)}`,
    );
  }
  out('');
  for (const o of outcomes) {
    out(`${survived(o) ? '✓' : '✗'} ${o.fault}`);
    if (o.error) out(`    error: ${o.error}`);
    for (const c of o.checks)
      out(`    ${c.ok ? 'ok  ' : 'FAIL'} ${c.what}${c.detail ? ` — ${c.detail}` : ''}`);
  }
  const n = outcomes.filter(survived).length;
  out('');
  out(`${n} of ${outcomes.length} faults survived`);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`chaos failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
