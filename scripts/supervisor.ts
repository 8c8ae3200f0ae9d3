import { ChildProcess, spawn, StdioOptions } from 'node:child_process';

/** sysexits.h EX_CONFIG: the apps' exit code for a configuration they refuse to run with. */
export const EXIT_BAD_CONFIG = 78;

/** A process the supervisor keeps running. */
export interface ChildSpec {
  name: string;
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
}

export interface BackoffSettings {
  /** Wait before the first restart after a crash. */
  initialDelayMs: number;
  /** The wait doubles with each crash in a row, up to this. */
  maxDelayMs: number;
  /** A child that ran at least this long before it exited starts again at initialDelayMs. */
  resetAfterMs: number;
}

export interface SupervisorOptions extends BackoffSettings {
  /** How long stop() waits after SIGTERM before it sends SIGKILL. */
  stopTimeoutMs: number;
  /** Where each event goes: one JSON object, written by the caller as one line. */
  log: (event: SupervisorEvent) => void;
  stdio?: StdioOptions;
}

export type SupervisorEvent =
  | { event: 'started'; app: string; pid: number | undefined; restarts: number }
  | {
      event: 'exited';
      app: string;
      pid: number | undefined;
      code: number | null;
      signal: NodeJS.Signals | null;
      uptimeMs: number;
      /** What the supervisor does about it. */
      action: 'restart' | 'park' | 'none';
      restartInMs?: number;
      reason?: string;
    }
  | { event: 'parked-all'; apps: string[] }
  | { event: 'stopping'; signal: string }
  | { event: 'killed'; app: string; pid: number | undefined };

/**
 * When to restart a child that keeps crashing: initialDelayMs, doubling with every crash in
 * a row up to maxDelayMs; a child that stayed up resetAfterMs counts as healthy again.
 * Pure: the caller tells it how long the child ran.
 */
export class RestartBackoff {
  private crashesInARow = 0;

  constructor(private readonly settings: BackoffSettings) {}

  /** The wait before the next start, after a run of `uptimeMs`. */
  afterExit(uptimeMs: number): number {
    if (uptimeMs >= this.settings.resetAfterMs) this.crashesInARow = 0;
    const delay = Math.min(
      this.settings.initialDelayMs * 2 ** Math.min(this.crashesInARow, 30),
      this.settings.maxDelayMs,
    );
    this.crashesInARow++;
    return delay;
  }
}

interface Slot {
  spec: ChildSpec;
  backoff: RestartBackoff;
  child?: ChildProcess;
  startedAt: number;
  restarts: number;
  /** Waiting to be started again. */
  timer?: NodeJS.Timeout;
  /** Exited with a bad configuration: not restarted until restartParked(). */
  parked: boolean;
}

/**
 * Keeps a set of child processes running, each on its own: a child that exits is started
 * again after a backoff and the others are never touched. A child that exits with 78
 * (EX_CONFIG: it refused its configuration, or a Redis that evicts keys) would only fail
 * the same way again, so it is parked instead of restart-looped; restartParked() (SIGHUP
 * under `npm start`) tries it again once the operator has fixed the cause. stop() ends them
 * all (SIGTERM, then SIGKILL after stopTimeoutMs).
 */
export class Supervisor {
  private readonly slots: Slot[];
  private stopping: Promise<void> | null = null;

  constructor(
    specs: readonly ChildSpec[],
    private readonly options: SupervisorOptions,
  ) {
    this.slots = specs.map((spec) => ({
      spec,
      backoff: new RestartBackoff(options),
      startedAt: 0,
      restarts: 0,
      parked: false,
    }));
  }

  start(): void {
    for (const slot of this.slots) this.launch(slot);
  }

  /** The running child of `name` (undefined while it waits for a restart or is parked). */
  child(name: string): ChildProcess | undefined {
    const slot = this.slots.find((s) => s.spec.name === name);
    return slot?.child?.exitCode === null && slot.child.signalCode === null ? slot.child : undefined;
  }

  /** Names of the children parked after a configuration error. */
  parked(): string[] {
    return this.slots.filter((s) => s.parked).map((s) => s.spec.name);
  }

  /** Starts the parked children again (the operator fixed their configuration). */
  restartParked(): void {
    if (this.stopping) return;
    for (const slot of this.slots.filter((s) => s.parked)) {
      slot.parked = false;
      slot.restarts++;
      this.launch(slot);
    }
  }

  /** Stops every child; resolves once all have exited. */
  stop(signal = 'SIGTERM'): Promise<void> {
    this.stopping ??= this.stopAll(signal);
    return this.stopping;
  }

  private launch(slot: Slot): void {
    slot.timer = undefined;
    const child = spawn(slot.spec.command, [...slot.spec.args], {
      env: slot.spec.env ?? process.env,
      stdio: this.options.stdio ?? ['ignore', 'inherit', 'inherit'],
    });
    slot.child = child;
    slot.startedAt = Date.now();
    this.options.log({ event: 'started', app: slot.spec.name, pid: child.pid, restarts: slot.restarts });
    // 'error' (the command cannot be run) is followed by 'exit' or 'close'; 'close' always comes.
    child.once('error', () => undefined);
    child.once('close', (code, signal) => this.exited(slot, child, code, signal));
  }

  private exited(slot: Slot, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (slot.child !== child) return;
    slot.child = undefined;
    const uptimeMs = Date.now() - slot.startedAt;
    const base = { event: 'exited' as const, app: slot.spec.name, pid: child.pid, code, signal, uptimeMs };
    if (this.stopping) {
      this.options.log({ ...base, action: 'none' });
      return;
    }
    if (code === EXIT_BAD_CONFIG) {
      slot.parked = true;
      this.options.log({
        ...base,
        action: 'park',
        reason: 'bad configuration (exit 78): not restarted until it is fixed (SIGHUP retries)',
      });
      const parked = this.parked();
      if (parked.length === this.slots.length) this.options.log({ event: 'parked-all', apps: parked });
      return;
    }
    const restartInMs = slot.backoff.afterExit(uptimeMs);
    this.options.log({ ...base, action: 'restart', restartInMs });
    slot.timer = setTimeout(() => {
      slot.restarts++;
      this.launch(slot);
    }, restartInMs);
  }

  private async stopAll(signal: string): Promise<void> {
    this.options.log({ event: 'stopping', signal });
    const running: Promise<void>[] = [];
    for (const slot of this.slots) {
      clearTimeout(slot.timer);
      const child = slot.child;
      if (!child || child.exitCode !== null || child.signalCode !== null) continue;
      running.push(new Promise((resolve) => child.once('close', () => resolve())));
      child.kill('SIGTERM');
    }
    const timer = setTimeout(() => {
      for (const slot of this.slots) {
        if (!slot.child) continue;
        this.options.log({ event: 'killed', app: slot.spec.name, pid: slot.child.pid });
        slot.child.kill('SIGKILL');
      }
    }, this.options.stopTimeoutMs);
    await Promise.all(running);
    clearTimeout(timer);
  }
}
