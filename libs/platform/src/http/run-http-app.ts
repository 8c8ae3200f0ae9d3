import { DynamicModule } from '@nestjs/common';
import cluster from 'node:cluster';
import { Type as ToType } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { BaseConfig, ConfigError, HttpAppConfig, loadConfig } from '../config';
import { assertRedisKeepsKeys } from '../redis/redis-eviction-policy';
import { configureHttpApp, createHttpApp, HttpAppOptions } from './http-app';

/** How many processes serve one app's port (node:cluster); the apps are stateless. */
export class ProcessConfig {
  @ToType(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  HTTP_WORKERS = 1;
}

/**
 * `main.ts` of every HTTP app: build, configure, listen. With HTTP_WORKERS > 1 the
 * primary forks that many workers sharing the port and stops them all on SIGINT/SIGTERM;
 * a worker that dies takes the app down (the supervisor restarts it), never silently.
 * A bad configuration ends the process with exit code 78 (EX_CONFIG) and every problem
 * listed, before any port opens; so does a Redis that may evict keys (maxmemory-policy other
 * than noeviction), checked once by the primary before anything starts. `appModule` is the
 * app module's `forRoot`, called here: it reads the app's settings, and a malformed one must
 * end here, with 78, not as an uncaught exception.
 */
export async function runHttpApp(appModule: () => DynamicModule, options: HttpAppOptions): Promise<void> {
  try {
    const { HTTP_WORKERS } = loadConfig(ProcessConfig);
    const module = appModule();
    if (cluster.isPrimary) await assertRedisKeepsKeys(loadConfig(BaseConfig).REDIS_URL);
    if (HTTP_WORKERS > 1 && cluster.isPrimary) return superviseWorkers(HTTP_WORKERS);
    const app = await createHttpApp(module);
    configureHttpApp(app, options);
    const config = app.get(HttpAppConfig);
    await app.listen(config.port, config.HOST);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
}

function superviseWorkers(count: number): void {
  let stopping = false;
  for (let i = 0; i < count; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    process.stderr.write(`worker ${worker.process.pid} exited (${signal ?? code}); stopping the app\n`);
    stopAll(code === 78 ? 78 : 1);
  });
  const stopAll = (code: number): void => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
    setTimeout(() => process.exit(code), 5000).unref();
  };
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));
}
