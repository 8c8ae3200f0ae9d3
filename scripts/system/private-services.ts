import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free TCP port on loopback, as the kernel hands it out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The newest installed PostgreSQL server binaries (Debian layout), or those on PATH. */
function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (existsSync(join(root, v, 'bin', 'pg_ctl'))) return join(root, v, 'bin');
  }
  return '';
}

/**
 * initdb refuses to run as root: as root the cluster belongs to the `postgres` user and
 * its tools run through runuser; otherwise as ourselves.
 */
function asClusterOwner(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

/**
 * A PostgreSQL cluster of our own (chaos suite, soak bench), in a temporary directory on a free
 * loopback port: the suite stops it with `-m immediate` (a crash, as far as the database
 * can tell) and starts it again, which it must never do to the machine's own server.
 */
export class PrivatePostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
  ) {}

  static async create(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'jinshui-pg-'));
    if (process.getuid?.() === 0) chownSync(dir, uidOf('postgres'), gidOf('postgres'));
    const pg = new PrivatePostgres(dir, await freePort(), postgresBinDir());
    const [cmd, args] = asClusterOwner(pg.tool('initdb'), [
      '-D',
      pg.dataDir,
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
    ]);
    execFileSync(cmd, args, { stdio: 'ignore' });
    await pg.start();
    return pg;
  }

  get dataDir(): string {
    return join(this.dir, 'data');
  }

  get baseUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const [cmd, args] = asClusterOwner(this.tool('pg_ctl'), [
      '-D',
      this.dataDir,
      '-l',
      join(this.dir, 'server.log'),
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=200`,
      '-w',
      'start',
    ]);
    execFileSync(cmd, args, { stdio: 'ignore' });
    await this.waitReady();
  }

  /** `immediate` is a crash for the database: no checkpoint, recovery from WAL on start. */
  stop(mode: 'immediate' | 'fast' = 'fast'): void {
    const [cmd, args] = asClusterOwner(this.tool('pg_ctl'), ['-D', this.dataDir, '-m', mode, '-w', 'stop']);
    spawnSync(cmd, args, { stdio: 'ignore' });
  }

  destroy(): void {
    this.stop('immediate');
    rmSync(this.dir, { recursive: true, force: true });
  }

  private tool(name: string): string {
    return this.bin ? join(this.bin, name) : name;
  }

  private async waitReady(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const r = spawnSync('pg_isready', ['-h', '127.0.0.1', '-p', String(this.port), '-q']);
      if (r.status === 0) return;
      await sleep(100);
    }
    throw new Error(`private PostgreSQL on port ${this.port} did not become ready`);
  }
}

/**
 * A Redis of our own that keeps nothing on disk, like the machine's: a
 * restart loses every key, the worst case the apps must recover from (Postgres is their
 * system of record). `noeviction`, as the apps demand at boot, unless `extraArgs` say
 * otherwise (a test of that demand); later arguments win.
 */
export class PrivateRedis {
  private child: ReturnType<typeof spawn> | null = null;

  private constructor(
    readonly port: number,
    private readonly extraArgs: readonly string[],
  ) {}

  static async create(extraArgs: readonly string[] = []): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort(), extraArgs);
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn(
      'redis-server',
      [
        '--bind',
        '127.0.0.1',
        '--port',
        String(this.port),
        '--save',
        '',
        '--appendonly',
        'no',
        '--maxmemory-policy',
        'noeviction',
        ...this.extraArgs,
      ],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 100; i++) {
      if (this.ping()) return;
      await sleep(50);
    }
    throw new Error(`private Redis on port ${this.port} did not start`);
  }

  /** Stops the server at once, saving nothing: every key is gone when it comes back. */
  async shutdown(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    spawnSync('redis-cli', ['-p', String(this.port), 'shutdown', 'nosave'], { stdio: 'ignore' });
    await exited;
  }

  ping(): boolean {
    return (
      spawnSync('redis-cli', ['-p', String(this.port), 'ping'])
        .stdout?.toString()
        .trim() === 'PONG'
    );
  }
}

function uidOf(user: string): number {
  return Number(execFileSync('id', ['-u', user]).toString().trim());
}

function gidOf(user: string): number {
  return Number(execFileSync('id', ['-g', user]).toString().trim());
}
