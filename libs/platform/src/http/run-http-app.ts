import { Type } from '@nestjs/common';
import { ConfigError, HttpAppConfig } from '../config';
import { configureHttpApp, createHttpApp, HttpAppOptions } from './http-app';

/**
 * `main.ts` of every HTTP app: build, configure, listen. A bad configuration ends the
 * process with exit code 78 (EX_CONFIG) and the list of problems, before any port opens.
 */
export async function runHttpApp(module: Type<unknown>, options: HttpAppOptions): Promise<void> {
  try {
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
