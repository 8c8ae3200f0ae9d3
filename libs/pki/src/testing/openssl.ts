// Test-only helpers (not exported from the lib): run the real openssl CLI on files in a temp dir.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OpensslResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `openssl <args>` in `cwd`; never throws on a non-zero exit so tests can assert failures. */
export function openssl(args: readonly string[], cwd: string): OpensslResult {
  const result = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A temp directory with a `write(name, content)` helper; call `remove()` in afterAll. */
export function scratchDir(): {
  path: string;
  write(name: string, content: string | Buffer): string;
  remove(): void;
} {
  const path = mkdtempSync(join(tmpdir(), 'pki-spec-'));
  return {
    path,
    write(name, content) {
      writeFileSync(join(path, name), content);
      return name;
    },
    remove() {
      rmSync(path, { recursive: true, force: true });
    },
  };
}

/** Seconds since the epoch, for `openssl verify -attime`. */
export function epochSeconds(at: Date): string {
  return String(Math.floor(at.getTime() / 1000));
}
