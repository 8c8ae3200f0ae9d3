import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { CollectionWorkerModule } from '../../apps/collection/src/worker.module';

/**
 * The collection upload worker (apps/collection/src/worker.ts) run from the TypeScript
 * sources, as a child process of an e2e test: `node -r test/support/ts-register.js
 * test/support/collection-worker.main.ts`, settings from the environment. It tells the
 * parent over IPC when it consumes the queue, and ends when the parent goes away, so a
 * test run that dies leaves no worker behind. Tests stop it with SIGKILL on purpose.
 */
async function main(): Promise<void> {
  process.on('disconnect', () => process.exit(0));
  const app = await NestFactory.createApplicationContext(CollectionWorkerModule.forRoot(), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  process.send?.({ ready: true, pid: process.pid });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
