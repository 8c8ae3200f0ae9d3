import { DynamicModule, Module } from '@nestjs/common';
import { OfficerAuthModule } from '@app/auth';
import { DatabaseModule } from '@app/database';
import { IdempotencyModule } from '@app/idempotency';
import { loadSettings, platformModules, SettingOverrides } from '@app/platform';
import { QueueModule } from '@app/queue';
import { AssistRequestsModule } from './assist-requests/assist-requests.module';
import { AuditsModule } from './audits/audits.module';
import { AuthModule } from './auth/auth.module';
import { BureausModule } from './bureaus/bureaus.module';
import { CertificatesModule } from './certificates/certificates.module';
import { BureauConfig } from './config/bureau.config';
import { DashboardModule } from './dashboard/dashboard.module';
import { EnrollmentTokensModule } from './enrollment-tokens/enrollment-tokens.module';
import { FindingsModule } from './findings/findings.module';
import { NumberRangesModule } from './number-ranges/number-ranges.module';
import { ReportsModule } from './reports/reports.module';
import { RuleSetsModule } from './rule-sets/rule-sets.module';
import { RiskModule } from './risk/risk.module';
import { TradeGraphModule } from './trade-graph/trade-graph.module';
import { TaxpayersModule } from './taxpayers/taxpayers.module';
import { UsersModule } from './users/users.module';

/** The bureau app: registry, officers, ad-hoc audit runs, and (later) review of findings. */
@Module({})
export class BureauAppModule {
  /**
   * Reads the bureau settings (the environment, `overrides` on top) when called, not when this
   * file is imported: a malformed one throws ConfigError here, and a test gives its own.
   */
  static forRoot(overrides: SettingOverrides = {}): DynamicModule {
    const config = loadSettings(BureauConfig, overrides);
    return {
      module: BureauAppModule,
      imports: [
        ...platformModules('bureau', config, { http: true }),
        DatabaseModule.forRoot('bureau'),
        // bull's Redis settings; the bureau only produces jobs (audit runs), the audit worker consumes them.
        QueueModule.forRoot(),
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
        // Brings AuditRunsModule.forRoot() (producer only) with it: see AuditsModule.
        AuditsModule,
        RuleSetsModule,
        AssistRequestsModule,
        FindingsModule,
        ReportsModule,
        RiskModule,
        TradeGraphModule,
        DashboardModule,
      ],
    };
  }
}
