import { Module } from '@nestjs/common';
import { OfficerAuthModule } from '@app/auth';
import { DatabaseModule } from '@app/database';
import { IdempotencyModule } from '@app/idempotency';
import { AppConfigModule, AppLoggerModule, HealthModule, loadConfig, RedisModule } from '@app/platform';
import { AuthModule } from './auth/auth.module';
import { BureausModule } from './bureaus/bureaus.module';
import { CertificatesModule } from './certificates/certificates.module';
import { BureauConfig } from './config/bureau.config';
import { EnrollmentTokensModule } from './enrollment-tokens/enrollment-tokens.module';
import { NumberRangesModule } from './number-ranges/number-ranges.module';
import { TaxpayersModule } from './taxpayers/taxpayers.module';
import { UsersModule } from './users/users.module';

const config = loadConfig(BureauConfig);

/** The bureau app: registry, officers, and (later) review of findings. */
@Module({
  imports: [
    AppConfigModule.forRoot(config),
    AppLoggerModule.forRoot('bureau', config.LOG_LEVEL),
    DatabaseModule.forRoot('bureau'),
    RedisModule,
    HealthModule,
    OfficerAuthModule.forRootAsync({
      inject: [BureauConfig],
      useFactory: (c: BureauConfig) => ({ jwtSecret: c.JWT_SECRET, jwtTtlSeconds: c.JWT_TTL_SECONDS }),
    }),
    IdempotencyModule.forRoot('registry.idempotency_keys'),
    AuthModule,
    UsersModule,
    BureausModule,
    TaxpayersModule,
    EnrollmentTokensModule,
    NumberRangesModule,
    CertificatesModule,
  ],
})
export class BureauAppModule {}
