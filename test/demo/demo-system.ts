import { DynamicModule, INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { demo } from '../../scripts/demo/main';
import type { DemoResult } from '../../scripts/demo/run-demo';
import { ADMIN, createTestApp, type FileSettings } from '@app/testing';
import { APP_MODULES } from '../support/app-modules';

export interface DemoSystem {
  urls: { issuance: string; collection: string; audit: string; bureau: string };
  /** Everything the demo printed, for the assertions and for a failure's report. */
  log: string[];
  /** A small demo (30 taxpayers, 150 invoices) against these apps. */
  run(seed: string): Promise<DemoResult>;
  close(): Promise<void>;
}

/**
 * The four real apps in this process, each listening on an ephemeral port (the audit and
 * upload workers included, on the calling file's bull prefix), and the demo driving them
 * over HTTP exactly as it drives a running system. Shared by the demo's e2e files.
 */
export async function startDemoSystem(fileSettings: FileSettings): Promise<DemoSystem> {
  // No nightly run of today's periods by the audit worker booted here.
  const settings = { AUDIT_NIGHTLY: '0', ...fileSettings };
  const apps: INestApplication[] = [];
  const urls = { issuance: '', collection: '', audit: '', bureau: '' };
  const log: string[] = [];
  const boot = async (name: keyof typeof urls, module: DynamicModule) => {
    const app = await createTestApp(module);
    await app.listen(0, '127.0.0.1');
    apps.push(app);
    urls[name] = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  };
  for (const name of ['bureau', 'audit', 'issuance', 'collection'] as const) {
    await boot(name, APP_MODULES[name].forRoot(settings));
  }
  return {
    urls,
    log,
    run: (seed) =>
      demo({
        seed,
        taxpayers: 30,
        invoices: 150,
        concurrency: 8,
        urls,
        adminUsername: ADMIN.username,
        adminPassword: ADMIN.password,
        out: (t) => log.push(t),
        err: (t) => log.push(t),
      }),
    close: async () => {
      for (const app of apps.reverse()) await app.close();
    },
  };
}

/** Every category's findings equal what the demo injected: none missed, none false. */
export function expectFoundAsInjected(result: DemoResult): void {
  for (const row of result.comparison.rows) {
    expect({ category: row.category, missed: row.missed, false: row.false, found: row.found }).toEqual({
      category: row.category,
      missed: 0,
      false: 0,
      found: row.expected,
    });
  }
  expect(result.comparison.perfect).toBe(true);
}
