import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { assertRedisKeepsKeys, BaseConfig, ConfigError, loadConfig } from '@app/platform';
import { CollectionWorkerModule } from './worker.module';

/**
 * `node dist/apps/collection/src/worker.js`: an extra upload worker (no HTTP). Like the
 * HTTP apps it refuses a Redis that may evict keys with exit code 78 and a message saying
 * how to fix it.
 */
async function main(): Promise<void> {
  try {
    await assertRedisKeepsKeys(loadConfig(BaseConfig).REDIS_URL);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(78);
  }
  const app = await NestFactory.createApplicationContext(CollectionWorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
}

void main();
