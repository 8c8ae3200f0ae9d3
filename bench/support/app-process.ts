import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { raisedAbuseLimits } from '@app/platform';
import { APP_NODE_FLAGS, type AppName } from '../../scripts/app-node-flags';

export type { AppName };

const DIST = join(__dirname, '..', '..');

/**
 * A bench is one client sending as fast as the apps answer, far above any client's
 * allowance: it raises the abuse limits through the apps' configuration, like any
 * installation would (docs/access-and-limits.md). A bench that measures the limits passes
 * its own values in `env`.
 */
const BENCH_ABUSE_LIMITS = raisedAbuseLimits();

/**
 * One of the apps as a process of its own, from dist/, on the bench's database, with the V8
 * flags `npm start` gives it (plus BENCH_APP_NODE_ARGS, e.g. `--cpu-prof`): one HTTP worker
 * unless `env` says otherwise (so the spawned pid is the one serving), the abuse limits
 * raised (BENCH_ABUSE_LIMITS) unless `env` sets them, quiet unless BENCH_APP_LOG_LEVEL is set.
 */
export function startApp(name: AppName, databaseUrl: string, env: Record<string, string>): ChildProcess {
  const extra = (process.env.BENCH_APP_NODE_ARGS ?? '').split(' ').filter(Boolean);
  return spawn(
    process.execPath,
    [...APP_NODE_FLAGS[name], ...extra, join(DIST, 'apps', name, 'src', 'main.js')],
    {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        LOG_LEVEL: process.env.BENCH_APP_LOG_LEVEL ?? 'warn',
        HTTP_WORKERS: '1',
        ...BENCH_ABUSE_LIMITS,
        ...env,
      },
      stdio: ['ignore', process.env.BENCH_APP_LOG_LEVEL ? 'inherit' : 'ignore', 'inherit'],
    },
  );
}

/** Waits for GET /health on `port` (30 s at most); fails at once if `app` exits meanwhile. */
export async function healthy(port: number, app?: ChildProcess): Promise<void> {
  for (let i = 0; i < 150; i++) {
    await new Promise((r) => setTimeout(r, 200));
    if (app && app.exitCode !== null) throw new Error(`app on :${port} exited with ${app.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return;
    } catch {
      /* not up yet */
    }
  }
  throw new Error(`app on :${port} did not become healthy`);
}

/** SIGTERM, then at most 5 s for it to exit. */
export async function stopApp(app: ChildProcess): Promise<void> {
  if (app.exitCode !== null) return;
  const exited = new Promise((r) => app.once('exit', r));
  app.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
}

export type JsonApi = <T>(method: string, path: string, token?: string, body?: unknown) => Promise<T>;

/** A JSON client of the app on `port`: throws with the status and body on anything but 2xx. */
export function jsonApi(port: number): JsonApi {
  return async <T>(method: string, path: string, token?: string, body?: unknown): Promise<T> => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T;
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
}
