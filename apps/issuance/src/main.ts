import 'reflect-metadata';
import { runHttpApp } from '@app/platform';

// The app module reads its settings as it loads: loaded inside runHttpApp, a malformed one exits 78.
// eslint-disable-next-line @typescript-eslint/no-require-imports
void runHttpApp(() => (require('./app.module') as typeof import('./app.module')).IssuanceAppModule, {
  title: 'Jinshui issuance API',
  description: 'For enterprises: issue, void and credit VAT invoices, each sealed; public verification.',
  auth: 'bearer-api-key',
});
