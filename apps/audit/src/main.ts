import 'reflect-metadata';
import { runHttpApp } from '@app/platform';
import { AuditAppModule } from './app.module';

void runHttpApp(AuditAppModule, {
  title: 'Jinshui audit worker',
  description: 'The cross-audit worker: health and metrics only; audits are started through the bureau API.',
  auth: 'none',
});
