import 'reflect-metadata';
import { runHttpApp } from '@app/platform';
import { IssuanceAppModule } from './app.module';

void runHttpApp(IssuanceAppModule, {
  title: 'Jinshui issuance API',
  description: 'For enterprises: issue, void and credit VAT invoices, each sealed; public verification.',
  auth: 'bearer-api-key',
});
