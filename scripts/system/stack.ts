import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync, WriteStream } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './private-services';

export type AppName = 'issuance' | 'collection' | 'audit' | 'bureau';
export const APPS: readonly AppName[] = ['issuance', 'collection', 'audit', 'bureau'];

export type AppUrls = Record<AppName, string>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** The process ids of `parent`'s children, from /proc (Linux). */
function childrenOf(parent: number): { pid: number; cmdline: string }[] {
  const out: { pid: number; cmdline: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: fields start after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== parent) continue;
      out.push({ pid: Number(entry), cmdline: readFileSync(`/proc/${entry}/cmdline`, 'utf8') });
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/**
 * The whole system as `npm start` runs it — the supervisor (dist/scripts/start.js) and its
 * four apps — on free ports, against a Postgres and a Redis of its caller's (chaos suite, soak bench). Its output
 * goes to a log file the report points at.
 */
export class Stack {
  private supervisor: ChildProcess | null = null;
  private log: WriteStream;

  private constructor(
    readonly urls: AppUrls,
    private readonly env: Record<string, string>,
    readonly logFile: string,
  ) {
    this.log = createWriteStream(logFile, { flags: 'a' });
  }

  static async create(env: Record<string, string>, logFile: string): Promise<Stack> {
    const ports = {} as Record<AppName, number>;
    for (const app of APPS) ports[app] = await freePort();
    const urls = {} as AppUrls;
    for (const app of APPS) urls[app] = `http://127.0.0.1:${ports[app]}`;
    return new Stack(
      urls,
      {
        ...env,
        ISSUANCE_PORT: String(ports.issuance),
        COLLECTION_PORT: String(ports.collection),
        AUDIT_PORT: String(ports.audit),
        BUREAU_PORT: String(ports.bureau),
      },
      logFile,
    );
  }

  get running(): boolean {
    return this.supervisor !== null && this.supervisor.exitCode === null;
  }

  /** Starts the supervisor and waits until every app answers /health. */
  async start(timeoutMs = 180_000): Promise<void> {
    const script = join(__dirname, '..', 'start.js');
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(this.log, { end: false });
    child.stderr.pipe(this.log, { end: false });
    this.supervisor = child;
    await this.waitHealthy(timeoutMs);
  }

  /** Stops the supervisor (SIGTERM, as Ctrl-C) and waits for it and its apps to end. */
  async stop(): Promise<void> {
    const child = this.supervisor;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
    this.supervisor = null;
  }

  async waitHealthy(timeoutMs = 120_000, apps: readonly AppName[] = APPS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.supervisor?.exitCode !== null && this.supervisor?.exitCode !== undefined) {
        throw new Error(`the supervisor exited (${this.supervisor.exitCode}); see ${this.logFile}`);
      }
      const answers = await Promise.all(apps.map((a) => healthy(this.urls[a])));
      if (answers.every(Boolean)) return;
      await sleep(250);
    }
    throw new Error(`not every app was healthy within ${timeoutMs / 1000} s; see ${this.logFile}`);
  }

  /** The process id of an app as the supervisor runs it now. */
  pidOf(app: AppName): number | null {
    if (!this.supervisor?.pid) return null;
    const marker = join('apps', app, 'src', 'main.js');
    return childrenOf(this.supervisor.pid).find((c) => c.cmdline.includes(marker))?.pid ?? null;
  }

  /** kill -9 of one app; returns the pid killed. */
  kill9(app: AppName): number {
    const pid = this.pidOf(app);
    if (pid === null) throw new Error(`${app} is not running`);
    process.kill(pid, 'SIGKILL');
    return pid;
  }

  /** Waits until the supervisor runs the app again under a new pid and it answers /health. */
  async waitRestarted(app: AppName, killedPid: number, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const pid = this.pidOf(app);
      if (pid !== null && pid !== killedPid && (await healthy(this.urls[app]))) return;
      await sleep(200);
    }
    throw new Error(`${app} was not restarted within ${timeoutMs / 1000} s; see ${this.logFile}`);
  }

  note(line: string): void {
    this.log.write(`--- ${line}\n`);
  }
}
