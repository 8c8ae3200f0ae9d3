import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const TS_REGISTER = join(__dirname, 'ts-register.js');

/**
 * A worker app run from the TypeScript sources as a child process of an e2e test
 * (`node -r test/support/ts-register.js <main>`), settings from the environment. The
 * main file tells the parent `{ ready: true }` over IPC once it consumes its queues and
 * exits when the parent goes away. Tests stop workers with SIGKILL, on purpose.
 */
export class WorkerProcess {
  readonly child: ChildProcess;
  exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private readonly exited: Promise<void>;
  private readonly lines: string[] = [];

  constructor(
    readonly name: string,
    main: string,
    env: Record<string, string>,
    private readonly waitMs = 120_000,
  ) {
    this.child = spawn(process.execPath, ['-r', TS_REGISTER, main], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const keep = (chunk: Buffer): void => {
      this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      if (this.lines.length > 300) this.lines.splice(0, this.lines.length - 300);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve();
      });
      this.child.once('error', (err) => {
        this.lines.push(`spawn error: ${err.message}`);
        this.exit ??= { code: null, signal: null };
        resolve();
      });
    });
  }

  /** Resolves once the worker consumes its queues (it says so over IPC). */
  ready(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.name} not ready after ${this.waitMs} ms\n${this.output()}`)),
        this.waitMs,
      );
      this.child.on('message', (message: { ready?: boolean }) => {
        if (message.ready !== true) return;
        clearTimeout(timer);
        resolve();
      });
      void this.exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited (${this.exitText()}) before it was ready\n${this.output()}`));
      });
    });
  }

  async kill(): Promise<void> {
    if (this.exit === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  exitText(): string {
    return this.exit === null ? 'running' : `code ${this.exit.code}, signal ${this.exit.signal}`;
  }

  output(): string {
    return `--- last output of worker ${this.name} (pid ${this.child.pid}, ${this.exitText()}) ---\n${this.lines.join('\n')}`;
  }
}
