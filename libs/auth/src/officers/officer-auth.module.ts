import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { OfficerAccountRepository } from './officer-account.repository';
import { OfficerAuthGuard } from './officer-auth.guard';

export interface OfficerAuthSettings {
  jwtSecret: string;
  jwtTtlSeconds: number;
}

/**
 * Bureau JWTs (HS256) and the global guard that checks them on every route. Needs the
 * app's config to extend OfficerAuthConfig, DatabaseModule and RateLimitModule.
 */
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
      providers: [
        OfficerAccountRepository,
        OfficerAuthGuard,
        { provide: APP_GUARD, useExisting: OfficerAuthGuard },
      ],
      // The guard itself, for services that must evict an officer's cached status at once.
      exports: [JwtModule, OfficerAuthGuard],
    };
  }
}
