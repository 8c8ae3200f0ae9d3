import type { DynamicModule } from '@nestjs/common';
import type { SettingOverrides } from '@app/platform';
import { AuditAppModule } from '../../apps/audit/src/app.module';
import { BureauAppModule } from '../../apps/bureau/src/app.module';
import { CollectionAppModule } from '../../apps/collection/src/app.module';
import { IssuanceAppModule } from '../../apps/issuance/src/app.module';

/** An app's root module: `forRoot(settings)` reads its settings and builds it. */
export interface AppModuleClass {
  forRoot(overrides?: SettingOverrides): DynamicModule;
}

export type AppName = 'issuance' | 'collection' | 'audit' | 'bureau';

/** The four HTTP apps by name, for the suites that boot every one of them. */
export const APP_MODULES: Readonly<Record<AppName, AppModuleClass>> = {
  issuance: IssuanceAppModule,
  collection: CollectionAppModule,
  audit: AuditAppModule,
  bureau: BureauAppModule,
};
