import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { CollectionWorkerModule } from './worker.module';

/** `node dist/apps/collection/src/worker.js`: an extra upload worker (no HTTP). */
async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(CollectionWorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
}

void main();
