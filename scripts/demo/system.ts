import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoUrls } from './options';

/** Whether `GET {url}/health` answers 200 within `timeoutMs`. */
export async function healthy(url: string, timeoutMs = 2000): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

export async function allHealthy(urls: DemoUrls): Promise<boolean> {
  const answers = await Promise.all(Object.values(urls).map((u) => healthy(u)));
  return answers.every(Boolean);
}

/**
 * Starts the system as `npm start` does (node dist/scripts/start.js: migrate, then the four
 * apps), detached so that it outlives the demo, with its output in `logFile`; waits until
 * every app answers /health. Returns the supervisor's process id.
 */
export async function startSystem(urls: DemoUrls, logFile: string, timeoutMs = 120_000): Promise<number> {
  const script = join(__dirname, '..', 'start.js');
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, [script], {
    detached: true,
    stdio: ['ignore', log, log],
    env: process.env,
  });
  child.unref();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the system exited (${child.exitCode}); see ${logFile}`);
    if (await allHealthy(urls)) return child.pid!;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`the system did not become healthy within ${timeoutMs / 1000} s; see ${logFile}`);
}
