import { DynamicModule, Global, Module } from '@nestjs/common';

/**
 * Provides one typed config object (loaded and validated once with `loadConfig`),
 * injectable by its class, so a bad variable stops the app before it binds a port.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: object): DynamicModule {
    // Libraries depend on the shared settings only: provide the same object under its
    // own class and every base class (HttpAppConfig, BaseConfig).
    const providers: { provide: abstract new (...args: never[]) => unknown; useValue: object }[] = [];
    for (
      let cls = config.constructor as abstract new (...args: never[]) => unknown;
      cls !== Object && cls.prototype;
      cls = Object.getPrototypeOf(cls) as abstract new (...args: never[]) => unknown
    ) {
      providers.push({ provide: cls, useValue: config });
    }
    return { module: AppConfigModule, providers, exports: providers.map((p) => p.provide) };
  }
}
