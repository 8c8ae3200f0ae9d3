import { ChildSpec, RestartBackoff, Supervisor, SupervisorEvent } from './supervisor';

/** Tiny child processes: node -e. */
const node = (name: string, code: string): ChildSpec => ({
  name,
  command: process.execPath,
  args: ['-e', code],
});
const STAYS_UP = 'setInterval(() => {}, 1000)';
const CRASHES = 'process.exit(3)';
const BAD_CONFIG = 'process.exit(78)';

const alive = (pid: number | undefined): boolean => {
  try {
    process.kill(pid!, 0);
    return true;
  } catch {
    return false;
  }
};

/** A supervisor with fast backoff whose events are collected; stopped after each test. */
function supervised(specs: ChildSpec[]) {
  const events: SupervisorEvent[] = [];
  const waiters: (() => void)[] = [];
  const supervisor = new Supervisor(specs, {
    initialDelayMs: 20,
    maxDelayMs: 80,
    resetAfterMs: 60_000,
    stopTimeoutMs: 2_000,
    stdio: 'ignore',
    log: (event) => {
      events.push(event);
      waiters.splice(0).forEach((wake) => wake());
    },
  });
  /** Resolves once `test` holds over the events so far (hang guard: jest's timeout). */
  const until = async (test: (events: SupervisorEvent[]) => boolean): Promise<void> => {
    while (!test(events)) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  return { supervisor, events, until };
}

const of = <E extends SupervisorEvent['event']>(events: SupervisorEvent[], kind: E, app: string) =>
  events.filter(
    (e): e is Extract<SupervisorEvent, { event: E }> => e.event === kind && 'app' in e && e.app === app,
  );

describe('RestartBackoff', () => {
  it('doubles the wait with each crash in a row, up to the maximum', () => {
    const backoff = new RestartBackoff({ initialDelayMs: 1000, maxDelayMs: 30_000, resetAfterMs: 60_000 });
    const waits = Array.from({ length: 8 }, () => backoff.afterExit(10));
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('starts from the first wait again after the child stayed up long enough', () => {
    const backoff = new RestartBackoff({ initialDelayMs: 1000, maxDelayMs: 30_000, resetAfterMs: 60_000 });
    [10, 10, 10].forEach((uptime) => backoff.afterExit(uptime));
    expect(backoff.afterExit(59_999)).toBe(8000);
    expect(backoff.afterExit(60_000)).toBe(1000);
    expect(backoff.afterExit(5)).toBe(2000);
  });
});

describe('Supervisor', () => {
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });

  it('restarts a crashing child with backoff and leaves the others running', async () => {
    const { supervisor, events, until } = supervised([node('steady', STAYS_UP), node('flaky', CRASHES)]);
    stop = () => supervisor.stop();
    supervisor.start();
    await until((e) => of(e, 'started', 'flaky').length >= 4);

    const steady = of(events, 'started', 'steady');
    expect(steady).toHaveLength(1);
    expect(alive(steady[0].pid)).toBe(true);
    expect(supervisor.child('steady')?.pid).toBe(steady[0].pid);
    expect(of(events, 'exited', 'steady')).toEqual([]);

    const exits = of(events, 'exited', 'flaky').slice(0, 3);
    expect(exits.map((e) => [e.code, e.action, e.restartInMs])).toEqual([
      [3, 'restart', 20],
      [3, 'restart', 40],
      [3, 'restart', 80],
    ]);
    expect(
      of(events, 'started', 'flaky')
        .map((e) => e.restarts)
        .slice(0, 4),
    ).toEqual([0, 1, 2, 3]);
  });

  it('restarts a child killed from outside (kill -9) and touches no other', async () => {
    const { supervisor, events, until } = supervised([
      node('audit', STAYS_UP),
      node('issuance', STAYS_UP),
      node('bureau', STAYS_UP),
    ]);
    stop = () => supervisor.stop();
    supervisor.start();
    await until((e) => e.filter((x) => x.event === 'started').length === 3);
    const before = new Map(events.map((e) => [(e as { app: string }).app, (e as { pid: number }).pid]));

    process.kill(before.get('audit')!, 'SIGKILL');
    await until((e) => of(e, 'started', 'audit').length === 2);

    expect(of(events, 'exited', 'audit')).toEqual([
      expect.objectContaining({ code: null, signal: 'SIGKILL', action: 'restart', restartInMs: 20 }),
    ]);
    const restarted = of(events, 'started', 'audit')[1];
    expect(restarted.pid).not.toBe(before.get('audit'));
    expect(alive(restarted.pid)).toBe(true);
    for (const app of ['issuance', 'bureau']) {
      expect(alive(before.get(app))).toBe(true);
      expect(supervisor.child(app)?.pid).toBe(before.get(app));
      expect(of(events, 'exited', app)).toEqual([]);
    }
  });

  it('parks a child that refuses its configuration (exit 78) instead of restarting it', async () => {
    const { supervisor, events, until } = supervised([
      node('steady', STAYS_UP),
      node('misconfigured', BAD_CONFIG),
    ]);
    stop = () => supervisor.stop();
    supervisor.start();
    await until((e) => of(e, 'exited', 'misconfigured').length === 1);
    // Another child's crash and restart proves time passed in which a restart would have come.
    process.kill(supervisor.child('steady')!.pid!, 'SIGKILL');
    await until((e) => of(e, 'started', 'steady').length === 2);

    expect(of(events, 'exited', 'misconfigured')).toEqual([
      expect.objectContaining({ code: 78, action: 'park' }),
    ]);
    expect(of(events, 'started', 'misconfigured')).toHaveLength(1);
    expect(supervisor.parked()).toEqual(['misconfigured']);
    expect(events.some((e) => e.event === 'parked-all')).toBe(false);

    supervisor.restartParked();
    await until((e) => of(e, 'exited', 'misconfigured').length === 2);
    expect(of(events, 'started', 'misconfigured').map((e) => e.restarts)).toEqual([0, 1]);
  });

  it('says so when every child is parked', async () => {
    const { supervisor, until } = supervised([node('a', BAD_CONFIG), node('b', BAD_CONFIG)]);
    stop = () => supervisor.stop();
    supervisor.start();
    await until((e) => e.some((x) => x.event === 'parked-all'));
    expect(supervisor.parked().sort()).toEqual(['a', 'b']);
  });

  it('stop() ends every child, including one waiting for its restart, and restarts none', async () => {
    const { supervisor, events, until } = supervised([node('steady', STAYS_UP), node('flaky', CRASHES)]);
    supervisor.start();
    await until((e) => of(e, 'exited', 'flaky').length >= 1 && of(e, 'started', 'steady').length === 1);
    const steadyPid = supervisor.child('steady')!.pid;
    await supervisor.stop();

    expect(alive(steadyPid)).toBe(false);
    expect(supervisor.child('steady')).toBeUndefined();
    expect(supervisor.child('flaky')).toBeUndefined();
    const stoppedAt = events.findIndex((e) => e.event === 'stopping');
    const afterStop = events.slice(stoppedAt + 1);
    expect(afterStop.filter((e) => e.event === 'started')).toEqual([]);
    expect(
      afterStop.filter((e) => e.event === 'exited').every((e) => (e as { action: string }).action === 'none'),
    ).toBe(true);
  });
});
