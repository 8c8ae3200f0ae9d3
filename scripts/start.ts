import 'reflect-metadata';
import { join } from 'node:path';
import { loadConfig } from '@app/platform';
import { APP_NODE_FLAGS, AppName } from './app-node-flags';
import { migrate } from './migrate';
import { StartConfig } from './start.config';
import { ChildSpec, EXIT_BAD_CONFIG, Supervisor, SupervisorEvent } from './supervisor';

const APPS: readonly AppName[] = ['issuance', 'collection', 'audit', 'bureau'];

/** One JSON line per supervisor event, beside the apps' own (pino) lines on stdout. */
function logLine(event: SupervisorEvent): void {
  const level = event.event === 'exited' && event.action !== 'none' ? 'warn' : 'info';
  process.stdout.write(
    `${JSON.stringify({ time: new Date().toISOString(), level, source: 'supervisor', ...event })}\n`,
  );
}

/**
 * `npm start`: migrate, then run the four apps as child processes (scripts/supervisor.ts).
 * An app that exits is restarted with backoff and the others go on; an app that refuses
 * its configuration (exit 78) is parked until SIGHUP. Ctrl-C (or SIGTERM) stops all.
 */
async function main(): Promise<void> {
  const config = loadConfig(StartConfig);
  const applied = await migrate(config.DATABASE_URL);
  process.stdout.write(
    applied.length ? `migrations applied: ${applied.join(', ')}\n` : 'database is up to date\n',
  );

  const specs: ChildSpec[] = APPS.map((app) => ({
    name: app,
    command: process.execPath,
    args: [...APP_NODE_FLAGS[app], join(__dirname, '..', 'apps', app, 'src', 'main.js')],
  }));
  const supervisor = new Supervisor(specs, {
    initialDelayMs: config.SUPERVISOR_RESTART_DELAY_MS,
    maxDelayMs: config.SUPERVISOR_RESTART_MAX_DELAY_MS,
    resetAfterMs: config.SUPERVISOR_RESTART_RESET_MS,
    stopTimeoutMs: 5_000,
    log: (event) => {
      logLine(event);
      // Every app refused its configuration: nothing is running, say so by the exit code.
      if (event.event === 'parked-all') void supervisor.stop().then(() => process.exit(EXIT_BAD_CONFIG));
    },
  });
  const stop = (signal: string): void => void supervisor.stop(signal).then(() => process.exit(0));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGHUP', () => supervisor.restartParked());
  supervisor.start();
  process.stdout.write(
    'Jinshui is starting: issuance, collection, audit, bureau (by default on :3001–:3004; OpenAPI at /docs). ' +
      'A crashed app is restarted; Ctrl-C stops all.\n',
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`start failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
