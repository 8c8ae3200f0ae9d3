import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { OfficerAuthGuard } from './officer-auth.guard';

export interface OfficerAuthSettings {
  jwtSecret: string;
  jwtTtlSeconds: number;
}

/** Bureau JWTs (HS256) and the global guard that checks them on every route. */
@Module({})
export class OfficerAuthModule {
  static forRootAsync(options: {
    inject: (abstract new (...args: never[]) => unknown)[];
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Nest factories take injected deps positionally
    useFactory: (...deps: any[]) => OfficerAuthSettings;
  }): DynamicModule {
    return {
      module: OfficerAuthModule,
      global: true,
      imports: [
        JwtModule.registerAsync({
          inject: options.inject,
          useFactory: (...deps: unknown[]) => {
            const s = options.useFactory(...deps);
            return { secret: s.jwtSecret, signOptions: { algorithm: 'HS256', expiresIn: s.jwtTtlSeconds } };
          },
        }),
      ],
      providers: [{ provide: APP_GUARD, useClass: OfficerAuthGuard }],
      exports: [JwtModule],
    };
  }
}
