import { runToExit } from '@app/testing';
import { freePort } from '../../scripts/system/private-services';

/**
 * A malformed setting stops an app before it serves, with exit code 78 (EX_CONFIG) and
 * every problem listed: the supervisor parks such an app instead of restarting it in a
 * loop (docs/operations.md). The settings are read when the app module loads, so the
 * entry point must catch that too.
 */
describe('an app with a malformed setting', () => {
  it('exits 78 and says which settings are wrong: HTTP apps and the upload worker', async () => {
    const port = String(await freePort());
    const [issuance, bureau, worker] = await Promise.all([
      runToExit('apps/issuance/src/main.ts', { ISSUANCE_PORT: 'not-a-port', VERIFY_DAILY_LIMIT: '0' }),
      runToExit('apps/bureau/src/main.ts', { BUREAU_PORT: port, JWT_SECRET: 'short' }),
      runToExit('apps/collection/src/worker.ts', { UPLOAD_BATCH_ROWS: '-1' }),
    ]);
    expect(issuance.code).toBe(78);
    expect(issuance.stderr).toContain('ISSUANCE_PORT');
    expect(issuance.stderr).toContain('VERIFY_DAILY_LIMIT');
    expect(bureau.code).toBe(78);
    expect(bureau.stderr).toContain('JWT_SECRET');
    expect(worker.code).toBe(78);
    expect(worker.stderr).toContain('UPLOAD_BATCH_ROWS');
  }, 120_000);
});
