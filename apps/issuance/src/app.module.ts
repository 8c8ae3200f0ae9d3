import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { AppConfigModule, AppLoggerModule, HealthModule, loadConfig, RedisModule } from '@app/platform';
import { IssuanceConfig } from './config/issuance.config';

const config = loadConfig(IssuanceConfig);

/** The issuance app: enterprises issue, void and credit invoices; anyone verifies. */
@Module({
  imports: [
    AppConfigModule.forRoot(config),
    AppLoggerModule.forRoot('issuance', config.LOG_LEVEL),
    DatabaseModule.forRoot('issuance'),
    RedisModule,
    HealthModule,
  ],
})
export class IssuanceAppModule {}
