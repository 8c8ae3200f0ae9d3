import { spawn } from 'node:child_process';
import { join } from 'node:path';

const TS_REGISTER = join(__dirname, '..', 'support', 'ts-register.js');
const CLI_MAIN = join(__dirname, '..', '..', 'scripts', 'cli', 'main.ts');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the auditor CLI from the TypeScript sources in a child process, as an operator would
 * (`node -r test/support/ts-register.js scripts/cli/main.ts <args>`), with this process's
 * settings (DATABASE_URL, REDIS_URL, BULL_PREFIX) plus `env`. Killed after `timeoutMs`: a
 * hang guard, never a timing assertion.
 */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 50_000,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', TS_REGISTER, CLI_MAIN, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
}

/** For failure messages: what the CLI printed. */
export const shown = (r: CliResult): string =>
  `exit ${r.code}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;
