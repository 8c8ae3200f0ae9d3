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
  watchConsumer(queue, consume(), logger);
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
