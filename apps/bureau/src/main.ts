import 'reflect-metadata';
import { runHttpApp } from '@app/platform';

// The app module reads its settings as it loads: loaded inside runHttpApp, a malformed one exits 78.
// eslint-disable-next-line @typescript-eslint/no-require-imports
void runHttpApp(() => (require('./app.module') as typeof import('./app.module')).BureauAppModule, {
  title: 'Jinshui bureau API',
  description:
    'For tax bureau officers: registry of taxpayers and officers, the bureau hierarchy, invoice number ranges, ' +
    'findings of the cross-audit and their cases. Every read and write is limited to your bureau subtree; ' +
    'anything outside it is answered 404.',
  auth: 'bearer-jwt',
});
