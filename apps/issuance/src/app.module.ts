import { Module } from '@nestjs/common';
import { EnterpriseAuthModule } from '@app/auth';
import { DatabaseModule } from '@app/database';
import { IdempotencyModule } from '@app/idempotency';
import {
  AppConfigModule,
  AppLoggerModule,
  HealthModule,
  loadConfig,
  MetricsModule,
  RateLimitModule,
  RedisModule,
} from '@app/platform';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { IssuanceConfig } from './config/issuance.config';
import { EnrollmentModule } from './enrollment/enrollment.module';
import { InvoicesModule } from './invoices/invoices.module';
import { PkiModule } from './pki/pki.module';
import { VerificationModule } from './verification/verification.module';

const config = loadConfig(IssuanceConfig);

/** The issuance app: enterprises issue, void and credit invoices; anyone verifies. */
@Module({
  imports: [
    AppConfigModule.forRoot(config),
    AppLoggerModule.forRoot('issuance', config.LOG_LEVEL),
    DatabaseModule.forRoot('issuance', 20),
    RedisModule,
    RateLimitModule,
    HealthModule,
    MetricsModule,
    EnterpriseAuthModule,
    IdempotencyModule.forRoot('issuance.idempotency_keys'),
    PkiModule,
    EnrollmentModule,
    InvoicesModule,
    VerificationModule,
    ApiKeysModule,
  ],
})
export class IssuanceAppModule {}
