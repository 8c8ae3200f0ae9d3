import 'reflect-metadata';
import { runHttpApp } from '@app/platform';
import { CollectionAppModule } from './app.module';

// forRoot reads the settings: called inside runHttpApp, so a malformed one exits 78.
void runHttpApp(() => CollectionAppModule.forRoot(), {
  title: 'Jinshui collection API',
  description:
    'For enterprises: input-invoice claims (勾选/认证), VAT returns, offline seller copies and bulk files.',
  auth: 'bearer-api-key',
});
