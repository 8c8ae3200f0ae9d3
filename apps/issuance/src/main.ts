import 'reflect-metadata';
import { runHttpApp } from '@app/platform';
import { IssuanceAppModule } from './app.module';

// forRoot reads the settings: called inside runHttpApp, so a malformed one exits 78.
void runHttpApp(() => IssuanceAppModule.forRoot(), {
  title: 'Jinshui issuance API',
  description: 'For enterprises: issue, void and credit VAT invoices, each sealed; public verification.',
  auth: 'bearer-api-key',
});
