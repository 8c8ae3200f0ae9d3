import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const TS_REGISTER = join(__dirname, 'ts-register.js');

export interface Exit {
  code: number | null;
  stderr: string;
}

/**
 * Runs an entry point (e.g. `apps/issuance/src/main.ts`) from the sources until it exits,
 * with `env` over this process's; killed after `waitMs` (a hang guard, not an assertion).
 */
export function runToExit(
  main: string,
  env: Record<string, string>,
  args: string[] = [],
  waitMs = 90_000,
): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', TS_REGISTER, join(ROOT, main), ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), waitMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}
