import 'reflect-metadata';
import { runHttpApp } from '@app/platform';

// The app module reads its settings as it loads: loaded inside runHttpApp, a malformed one exits 78.
// eslint-disable-next-line @typescript-eslint/no-require-imports
void runHttpApp(() => (require('./app.module') as typeof import('./app.module')).CollectionAppModule, {
  title: 'Jinshui collection API',
  description:
    'For enterprises: input-invoice claims (勾选/认证), VAT returns, offline seller copies and bulk files.',
  auth: 'bearer-api-key',
});
