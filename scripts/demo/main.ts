import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseCliOptions, USAGE, type DemoUrls } from './options';
import { runDemo, type DemoResult } from './run-demo';
import { allHealthy, healthy, startSystem } from './system';

/**
 * `npm run demo [-- --seed N --taxpayers N --invoices N --base-url URL]`: the whole system
 * in one command, through its HTTP APIs. See run-demo.ts for what it does.
 */
export interface DemoMainOptions {
  seed?: string;
  taxpayers?: number;
  invoices?: number;
  concurrency?: number;
  urls: DemoUrls;
  adminUsername?: string;
  adminPassword?: string;
  out?: (text: string) => void;
  err?: (text: string) => void;
}

/** In-process entry (tests): runs the demo against running apps and returns the comparison. */
export function demo(options: DemoMainOptions): Promise<DemoResult> {
  return runDemo({
    seed: options.seed ?? '1',
    taxpayers: options.taxpayers ?? 200,
    invoices: options.invoices ?? 2000,
    concurrency: options.concurrency ?? 12,
    urls: options.urls,
    adminUsername: options.adminUsername ?? process.env.ADMIN_USERNAME ?? 'admin',
    adminPassword: options.adminPassword ?? process.env.ADMIN_PASSWORD ?? 'jinshui-admin-dev',
    out: options.out,
    err: options.err,
  });
}

async function main(): Promise<number> {
  const cli = parseCliOptions(process.argv.slice(2));
  if (cli.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!(await allHealthy(cli.urls))) {
    if (await healthy(cli.urls.bureau)) {
      throw new Error(`the bureau answers but not every app does: ${JSON.stringify(cli.urls)}`);
    }
    if (!cli.start)
      throw new Error(`the system is not running at ${cli.urls.bureau} (and --no-start was given)`);
    const log = join(tmpdir(), `jinshui-demo-system-${Date.now()}.log`);
    process.stderr.write(
      `The system is not running: starting it as npm start does (node dist/scripts/start.js), log ${log} …\n`,
    );
    const pid = await startSystem(cli.urls, log);
    process.stderr.write(
      `System started (supervisor pid ${pid}); it keeps running after the demo: kill ${pid} stops it.\n`,
    );
  }
  const result = await runDemo({
    seed: cli.seed,
    taxpayers: cli.taxpayers,
    invoices: cli.invoices,
    concurrency: cli.concurrency,
    urls: cli.urls,
    adminUsername: process.env.ADMIN_USERNAME ?? 'admin',
    adminPassword: process.env.ADMIN_PASSWORD ?? 'jinshui-admin-dev',
    tty: process.stderr.isTTY,
  });
  const ledgerFile = join(tmpdir(), `jinshui-${result.tag}-ledger.json`);
  writeFileSync(ledgerFile, `${JSON.stringify(result, null, 2)}\n`);
  process.stderr.write(`ledger, audit runs and comparison written to ${ledgerFile}\n`);
  return result.comparison.perfect ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(
        `demo failed: ${process.env.DEMO_DEBUG ? ((err as Error).stack ?? String(err)) : ((err as Error).message ?? String(err))}\n`,
      );
      process.exit(1);
    },
  );
}
