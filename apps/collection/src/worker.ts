import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { assertRedisKeepsKeys, BaseConfig, ConfigError, loadConfig } from '@app/platform';

/**
 * `node dist/apps/collection/src/worker.js`: an extra upload worker (no HTTP). Like the
 * HTTP apps it stops with exit code 78 and a message saying what to fix on a malformed
 * setting (read when the module loads, hence loaded here) or a Redis that may evict keys.
 */
async function main(): Promise<void> {
  let module: typeof import('./worker.module');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    module = require('./worker.module') as typeof import('./worker.module');
    await assertRedisKeepsKeys(loadConfig(BaseConfig).REDIS_URL);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(78);
  }
  const app = await NestFactory.createApplicationContext(module.CollectionWorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
}

void main();
