import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { assertRedisKeepsKeys, BaseConfig, ConfigError, loadConfig } from '@app/platform';
import { CollectionWorkerModule } from './worker.module';

/**
 * `node dist/apps/collection/src/worker.js`: an extra upload worker (no HTTP). Like the
 * HTTP apps it stops with exit code 78 and a message saying what to fix on a malformed
 * setting (read by the module's forRoot, hence called here) or a Redis that may evict keys.
 */
async function main(): Promise<void> {
  let module: ReturnType<typeof CollectionWorkerModule.forRoot>;
  try {
    module = CollectionWorkerModule.forRoot();
    await assertRedisKeepsKeys(loadConfig(BaseConfig).REDIS_URL);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(78);
  }
  const app = await NestFactory.createApplicationContext(module, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
}

void main();
