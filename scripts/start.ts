import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { BaseConfig, loadConfig } from '@app/platform';
import { APP_NODE_FLAGS, AppName } from './app-node-flags';
import { migrate } from './migrate';

const APPS: readonly AppName[] = ['issuance', 'collection', 'audit', 'bureau'];

/**
 * `npm start`: migrate, then run the four apps as child processes with their output
 * prefixed. Ctrl-C (or SIGTERM) stops all of them; if one dies, the others are stopped
 * too, so a half-running system is never left behind.
 */
async function main(): Promise<void> {
  const config = loadConfig(BaseConfig);
  const applied = await migrate(config.DATABASE_URL);
  process.stdout.write(
    applied.length ? `migrations applied: ${applied.join(', ')}\n` : 'database is up to date\n',
  );

  const children = new Map<string, ChildProcess>();
  let stopping = false;
  const stopAll = (code: number): void => {
    if (stopping) return;
    stopping = true;
    for (const child of children.values()) child.kill('SIGTERM');
    setTimeout(() => process.exit(code), 5000).unref();
  };

  for (const app of APPS) {
    const child = spawn(
      process.execPath,
      [...APP_NODE_FLAGS[app], join(__dirname, '..', 'apps', app, 'src', 'main.js')],
      {
        env: process.env,
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    children.set(app, child);
    child.on('exit', (code, signal) => {
      children.delete(app);
      if (!stopping) {
        process.stderr.write(`${app} exited (${signal ?? code}); stopping the others\n`);
        stopAll(code ?? 1);
      } else if (children.size === 0) {
        process.exit(0);
      }
    });
  }
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));
  process.stdout.write(
    'Jinshui is starting: issuance :3001, collection :3002, audit :3003, bureau :3004 (OpenAPI at /docs). Ctrl-C stops all.\n',
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`start failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
