import 'reflect-metadata';
import { runHttpApp } from '@app/platform';

// The app module reads its settings as it loads: loaded inside runHttpApp, a malformed one exits 78.
// eslint-disable-next-line @typescript-eslint/no-require-imports
void runHttpApp(() => (require('./app.module') as typeof import('./app.module')).AuditAppModule, {
  title: 'Jinshui audit worker',
  description: 'The cross-audit worker: health and metrics only; audits are started through the bureau API.',
  auth: 'none',
});
