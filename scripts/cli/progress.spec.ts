import { percentDone, ProgressReporter, progressBar, type RunProgress } from './progress';

const run = (status: RunProgress['status'], partitionsDone: number, partitionsTotal = 16): RunProgress => ({
  status,
  partitionsDone,
  partitionsTotal,
});

describe('progressBar', () => {
  it('fills with the partitions written', () => {
    expect(progressBar(run('queued', 0), 0)).toBe(
      '[..............................]  0/16 partitions   0%  queued     0 s',
    );
    expect(progressBar(run('running', 8), 12_345)).toBe(
      '[###############...............]  8/16 partitions  50%  running    12 s',
    );
    expect(progressBar(run('completed', 16), 61_000)).toBe(
      '[##############################] 16/16 partitions 100%  completed  61 s',
    );
  });

  it('stays below 100% while the findings are merged after the last partition', () => {
    expect(percentDone(run('finalizing', 16))).toBe(99);
    expect(progressBar(run('finalizing', 16), 0, 10)).toBe(
      '[#########.] 16/16 partitions  99%  finalizing 0 s',
    );
    expect(percentDone(run('running', 1, 3))).toBe(33);
    expect(percentDone(run('queued', 0, 0))).toBe(0);
  });
});

describe('ProgressReporter', () => {
  it('names a status as it is told to: a back-test finalises in its risk stage', () => {
    const out: string[] = [];
    const reporter = new ProgressReporter((t) => out.push(t), false, { finalizing: 'risk stage' });
    reporter.update(run('running', 16), 0);
    reporter.update(run('finalizing', 16), 0);
    expect(out[1]).toBe('[#############################.] 16/16 partitions  99%  risk stage 0 s\n');
    expect(out[0]).toContain('  running    0 s');
  });

  it('on a terminal, redraws one line in place and ends it when done', () => {
    const out: string[] = [];
    const reporter = new ProgressReporter((t) => out.push(t), true);
    reporter.update(run('queued', 0), 0);
    reporter.update(run('queued', 0), 500);
    reporter.update(run('running', 4), 1000);
    reporter.finish();
    expect(out).toHaveLength(4);
    expect(out.slice(0, 3).every((t) => t.startsWith('\r[') && t.endsWith('\x1b[K'))).toBe(true);
    expect(out[3]).toBe('\n');
  });

  it('into a pipe or a log, writes a line per change only', () => {
    const out: string[] = [];
    const reporter = new ProgressReporter((t) => out.push(t), false);
    reporter.update(run('queued', 0), 0);
    reporter.update(run('queued', 0), 500);
    reporter.update(run('running', 0), 1000);
    reporter.update(run('running', 0), 1500);
    reporter.update(run('running', 16), 2000);
    reporter.update(run('finalizing', 16), 2500);
    reporter.finish();
    expect(out.map((l) => l.replace(/\s+\d+ s\n$/, ''))).toEqual([
      '[..............................]  0/16 partitions   0%  queued',
      '[..............................]  0/16 partitions   0%  running',
      '[#############################.] 16/16 partitions  99%  running',
      '[#############################.] 16/16 partitions  99%  finalizing',
    ]);
  });
});
