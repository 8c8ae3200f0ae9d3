import { ConfigError } from '@app/platform';
// A type only: the modules themselves are required inside the test, below.
import type { AppModuleClass } from '../support/app-modules';

type AppModules = Record<string, AppModuleClass>;

/**
 * Each app's root module, required inside the test so that its file is evaluated then, with
 * the environment the test set (jest's module registry is per test file).
 */
/* eslint-disable @typescript-eslint/no-require-imports -- evaluated inside the test, on purpose */
const APP_MODULES: [string, () => AppModuleClass][] = [
  ['issuance', () => (require('../../apps/issuance/src/app.module') as AppModules).IssuanceAppModule],
  ['collection', () => (require('../../apps/collection/src/app.module') as AppModules).CollectionAppModule],
  [
    'collection worker',
    () => (require('../../apps/collection/src/worker.module') as AppModules).CollectionWorkerModule,
  ],
  ['audit', () => (require('../../apps/audit/src/app.module') as AppModules).AuditAppModule],
  ['bureau', () => (require('../../apps/bureau/src/app.module') as AppModules).BureauAppModule],
];
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Issue 19: an app module reads its settings in `forRoot`, not when its file is imported, so
 * a test gives its own through the module it builds and never sets `process.env` before an
 * import. Checked with a malformed LOG_LEVEL in the environment: importing the module must
 * not read it; `forRoot()` must refuse it, naming it; an override given to `forRoot` wins.
 */
describe.each(APP_MODULES)('the %s app module', (_name, load) => {
  const saved = process.env.LOG_LEVEL;
  beforeEach(() => {
    process.env.LOG_LEVEL = 'loudest';
  });
  afterEach(() => {
    process.env.LOG_LEVEL = saved;
  });

  it('reads no setting when its file is imported, and every one when forRoot is called', () => {
    const module = load();
    expect(() => module.forRoot()).toThrow(ConfigError);
    expect(() => module.forRoot()).toThrow(/LOG_LEVEL/);
    expect(module.forRoot({ LOG_LEVEL: 'warn' }).module).toBe(module);
  });
});
