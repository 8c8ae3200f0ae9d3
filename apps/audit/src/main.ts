import 'reflect-metadata';
import { runHttpApp } from '@app/platform';
import { AuditAppModule } from './app.module';

// forRoot reads the settings: called inside runHttpApp, so a malformed one exits 78.
void runHttpApp(() => AuditAppModule.forRoot(), {
  title: 'Jinshui audit worker',
  description: 'The cross-audit worker: health and metrics only; audits are started through the bureau API.',
  auth: 'none',
});
