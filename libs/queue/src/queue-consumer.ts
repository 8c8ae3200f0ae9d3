import type { Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import type { Redis } from 'ioredis';

/**
 * Starts consuming a queue: `consume` calls `queue.process(...)`.
 *
 * bull (4.16) mishandles a queue closed while `process()` is still starting — a worker
 * that starts and stops at once (OptimalBits/bull#2222): the promise `process()` returns
 * rejects, unhandled, and the blocking connection, made after close() let go of the
 * others, stays open and keeps the process alive. So the blocking connection is made
 * first (close() then closes it like the rest), and the returned promise is watched.
 */
export async function startConsumer(
  queue: Queue,
  logger: Logger,
  consume: () => Promise<void>,
): Promise<void> {
  await queue.isReady();
  await connected((queue as unknown as { bclient: Redis }).bclient);
  settleWorkerName(queue, logger);
  watchConsumer(queue, consume(), logger);
}

/**
 * bull's `process()` names the blocking connection (CLIENT SETNAME) and drops the promise:
 * a queue closed before Redis answers rejects it, unhandled, with "Connection is closed.",
 * and Node ends the process. The name only labels the connection (`getWorkers`), so this
 * queue's naming settles quietly while it closes and is logged otherwise. Call it before
 * `process()`: `startConsumer` does; a `@Processor` class does in its constructor, which
 * runs before @nestjs/bull calls `process()` in its module's init.
 */
export function settleWorkerName(queue: Queue, logger: Logger): void {
  const named = queue as unknown as { setWorkerName(): Promise<void> };
  const setWorkerName = named.setWorkerName.bind(queue);
  named.setWorkerName = () =>
    setWorkerName().catch((err: unknown) => {
      if (isClosing(queue)) return;
      const reason = err instanceof Error ? err.message : String(err);
      logger.warn({ queue: queue.name, err: reason }, 'worker connection not named');
    });
}

/**
 * A rejection of the consuming promise while the queue is closing is expected and
 * ignored; otherwise the consumer has stopped for good: logged as an error.
 */
export function watchConsumer(queue: Queue, consuming: Promise<void>, logger: Logger): void {
  consuming.catch((err: unknown) => {
    if (isClosing(queue)) return;
    const reason = err instanceof Error ? err.message : String(err);
    logger.error({ queue: queue.name, err: reason }, 'queue consumer stopped');
  });
}

function connected(client: Redis): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const ended = () => reject(new Error('Redis connection ended before it was ready'));
    client.once('end', ended);
    client.once('ready', () => {
      client.off('end', ended);
      resolve();
    });
  });
}

function isClosing(queue: Queue): boolean {
  // bull sets `closing` (the promise close() returns) as the first thing close() does.
  return Boolean((queue as unknown as { closing?: Promise<void> }).closing);
}
