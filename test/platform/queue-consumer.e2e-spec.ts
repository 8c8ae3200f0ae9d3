import type { Logger } from '@nestjs/common';
import Bull from 'bull';
import type { Redis } from 'ioredis';
import { startConsumer, watchConsumer } from '@app/queue';

/**
 * A worker that starts and stops at once (a second worker booting in a test, a deploy
 * rolled back) must leave no Redis connection open and no unhandled rejection behind
 * (OptimalBits/bull#2222); a consumer that stops on its own is reported.
 */
describe('queue consumers', () => {
  const prefix = `${process.env.BULL_PREFIX ?? 'jinshui-test'}:consumer`;
  const logger = () => ({ error: jest.fn() });
  const open = (queue: Bull.Queue) => queue.clients.filter((c) => c.status !== 'end').map((c) => c.status);

  it('closes every connection of a queue closed right after it started consuming', async () => {
    const queue = new Bull('started-and-closed', process.env.REDIS_URL!, { prefix });
    const log = logger();
    await startConsumer(queue, log as unknown as Logger, () => queue.process(async () => undefined));
    await queue.close();
    await new Promise((r) => setTimeout(r, 200));
    expect(open(queue)).toEqual([]);
    expect(log.error).not.toHaveBeenCalled();
  });

  it('lets a queue close while its worker connection is still being named', async () => {
    const queue = new Bull('closed-while-naming', process.env.REDIS_URL!, { prefix });
    const log = logger();
    const unhandled: unknown[] = [];
    const collect = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', collect);
    try {
      // CLIENT SETNAME reaches Redis only after close() has ended the connection: the race
      // a worker stopped during boot runs into on a loaded machine (5 in 150 starts with
      // three busy loops beside it), made certain here.
      const bclient = (queue as unknown as { bclient: Redis }).bclient;
      const client = bclient.client.bind(bclient) as (...args: string[]) => Promise<unknown>;
      if (bclient.status !== 'ready') await new Promise((r) => bclient.once('ready', r));
      let delayed = false;
      (bclient as unknown as { client: typeof client }).client = async (...args) => {
        if (!delayed) {
          delayed = true; // bull's naming; ioredis names a reconnected connection itself
          await new Promise((r) => queue.once('close', r));
        }
        return client(...args);
      };
      await startConsumer(queue, log as unknown as Logger, () => queue.process(async () => undefined));
      await queue.close();
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      process.off('unhandledRejection', collect);
    }
    expect(unhandled).toEqual([]);
    expect(open(queue)).toEqual([]);
    expect(log.error).not.toHaveBeenCalled();
  });

  it('takes jobs once started', async () => {
    const queue = new Bull('consuming', process.env.REDIS_URL!, { prefix });
    const seen: unknown[] = [];
    await startConsumer(queue, logger() as unknown as Logger, () =>
      queue.process(async (job) => void seen.push(job.data)),
    );
    const job = await queue.add({ n: 1 });
    await job.finished();
    expect(seen).toEqual([{ n: 1 }]);
    await queue.close();
  });

  it('ignores a rejection while the queue closes, logs one while it is open', async () => {
    const queue = new Bull('stopped', process.env.REDIS_URL!, { prefix });
    const log = logger();
    watchConsumer(queue, Promise.reject(new Error('blocking connection lost')), log as unknown as Logger);
    await new Promise((r) => setImmediate(r));
    expect(log.error).toHaveBeenCalledWith(
      { queue: 'stopped', err: 'blocking connection lost' },
      'queue consumer stopped',
    );
    const closing = queue.close();
    watchConsumer(queue, Promise.reject(new Error('Connection is closed.')), log as unknown as Logger);
    await closing;
    expect(log.error).toHaveBeenCalledTimes(1);
  });
});
