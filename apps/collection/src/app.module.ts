import { DynamicModule, Module } from '@nestjs/common';
import { EnterpriseAuthModule } from '@app/auth';
import { DatabaseModule } from '@app/database';
import { IdempotencyModule } from '@app/idempotency';
import { loadSettings, platformModules, SettingOverrides } from '@app/platform';
import { QueueModule } from '@app/queue';
import { ClaimsModule } from './claims/claims.module';
import { CollectionConfig } from './config/collection.config';
import { SellerCopiesModule } from './seller-copies/seller-copies.module';
import { VatReturnsModule } from './returns/vat-returns.module';
import { UploadsModule } from './uploads/uploads.module';

/** The collection app: buyer claims, VAT returns, offline seller copies, bulk files. */
@Module({})
export class CollectionAppModule {
  /**
   * Reads the collection settings (the environment, `overrides` on top) when called, not when this
   * file is imported: a malformed one throws ConfigError here, and a test gives its own.
   */
  static forRoot(overrides: SettingOverrides = {}): DynamicModule {
    const config = loadSettings(CollectionConfig, overrides);
    return {
      module: CollectionAppModule,
      imports: [
        ...platformModules('collection', config, { http: true }),
        DatabaseModule.forRoot('collection', 20),
        QueueModule.forRoot(),
        EnterpriseAuthModule,
        IdempotencyModule.forRoot('collection.idempotency_keys'),
        ClaimsModule,
        VatReturnsModule,
        SellerCopiesModule,
        UploadsModule.register({ http: true, worker: config.UPLOAD_WORKER === 1 }),
      ],
    };
  }
}
