import { DynamicModule, Module } from '@nestjs/common';
import { EnterpriseAuthModule } from '@app/auth';
import { DatabaseModule } from '@app/database';
import { IdempotencyModule } from '@app/idempotency';
import { loadSettings, platformModules, SettingOverrides } from '@app/platform';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { IssuanceConfig } from './config/issuance.config';
import { EnrollmentModule } from './enrollment/enrollment.module';
import { InvoicesModule } from './invoices/invoices.module';
import { PkiModule } from './pki/pki.module';
import { VerificationModule } from './verification/verification.module';

/** The issuance app: enterprises issue, void and credit invoices; anyone verifies. */
@Module({})
export class IssuanceAppModule {
  /**
   * Reads the issuance settings (the environment, `overrides` on top) when called, not when this
   * file is imported: a malformed one throws ConfigError here, and a test gives its own.
   */
  static forRoot(overrides: SettingOverrides = {}): DynamicModule {
    const config = loadSettings(IssuanceConfig, overrides);
    return {
      module: IssuanceAppModule,
      imports: [
        ...platformModules('issuance', config, { http: true }),
        DatabaseModule.forRoot('issuance', 20),
        EnterpriseAuthModule,
        IdempotencyModule.forRoot('issuance.idempotency_keys'),
        PkiModule,
        EnrollmentModule,
        InvoicesModule,
        VerificationModule,
        ApiKeysModule,
      ],
    };
  }
}
