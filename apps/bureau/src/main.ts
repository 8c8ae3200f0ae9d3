import 'reflect-metadata';
import { runHttpApp } from '@app/platform';
import { BureauAppModule } from './app.module';

// forRoot reads the settings: called inside runHttpApp, so a malformed one exits 78.
void runHttpApp(() => BureauAppModule.forRoot(), {
  title: 'Jinshui bureau API',
  description:
    'For tax bureau officers: registry of taxpayers and officers, the bureau hierarchy, invoice number ranges, ' +
    'findings of the cross-audit and their cases. Every read and write is limited to your bureau subtree; ' +
    'anything outside it is answered 404.',
  auth: 'bearer-jwt',
});
