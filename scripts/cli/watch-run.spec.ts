import type { AuditRun, AuditRunStatus } from '@app/audit-runs';
import { watchRun, type WatchOptions } from './watch-run';

type State = [AuditRunStatus, number];

/**
 * A run whose row reads as the given states, one per poll (the last one repeats), on a
 * fake clock that moves by the poll interval.
 */
function scripted(states: (State | null)[], timeoutMs: number) {
  let clock = 0;
  let polls = 0;
  const seen: string[] = [];
  const options: WatchOptions = {
    pollMs: 500,
    timeoutMs,
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
    find: async (id) => {
      const state = states[Math.min(polls++, states.length - 1)];
      if (!state) return null;
      const [status, partitionsDone] = state;
      return { id, status, partitionsDone, partitionsTotal: 16, error: 'boom' } as AuditRun;
    },
    onProgress: (run, elapsed) => seen.push(`${elapsed} ${run.status} ${run.partitionsDone}`),
  };
  return { options, seen, polls: () => polls };
}

describe('watchRun', () => {
  it('follows a run to completion, reporting every poll', async () => {
    const { options, seen } = scripted(
      [
        ['queued', 0],
        ['running', 3],
        ['running', 16],
        ['finalizing', 16],
        ['completed', 16],
      ],
      60_000,
    );
    const outcome = await watchRun('r1', options);
    expect(outcome.kind).toBe('completed');
    expect(seen).toEqual([
      '0 queued 0',
      '500 running 3',
      '1000 running 16',
      '1500 finalizing 16',
      '2000 completed 16',
    ]);
  });

  it('reports a failed run with its row (and its error)', async () => {
    const { options } = scripted(
      [
        ['running', 2],
        ['failed', 2],
      ],
      60_000,
    );
    const outcome = await watchRun('r1', options);
    expect(outcome).toMatchObject({ kind: 'failed', run: { error: 'boom' } });
  });

  it('gives up on a run no worker takes, after the timeout', async () => {
    const { options, seen } = scripted([['queued', 0]], 2000);
    expect((await watchRun('r1', options)).kind).toBe('not-picked-up');
    expect(seen.at(-1)).toBe('2000 queued 0');
  });

  it('counts the timeout from the last change: a slow run that keeps moving is followed', async () => {
    const states: State[] = [];
    for (let done = 0; done <= 16; done++)
      states.push(['running', done], ['running', done], ['running', done]);
    states.push(['completed', 16]);
    // Each count is seen on three polls (1 s unchanged), within the 1.5 s timeout.
    const { options } = scripted(states, 1500);
    expect((await watchRun('r1', options)).kind).toBe('completed');
  });

  it('gives up on a run that stops moving once taken (the workers went away)', async () => {
    const { options } = scripted(
      [
        ['queued', 0],
        ['running', 5],
      ],
      1500,
    );
    const outcome = await watchRun('r1', options);
    expect(outcome).toMatchObject({ kind: 'stalled', run: { status: 'running', partitionsDone: 5 } });
  });

  it('notices a run that is no longer recorded', async () => {
    const { options } = scripted([['queued', 0], null], 60_000);
    expect(await watchRun('r1', options)).toEqual({ kind: 'gone' });
  });
});
