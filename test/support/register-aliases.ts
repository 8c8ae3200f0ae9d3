import Module from 'node:module';
import { join } from 'node:path';

/**
 * jest's moduleNameMapper does not apply to globalSetup/globalTeardown, which run outside
 * the test runtime; this maps the `@app/<lib>` aliases there the same way tsconfig does.
 */
const ALIASES: Record<string, string> = {
  '@app/domain': 'libs/domain/src',
  '@app/database': 'libs/database/src',
  '@app/queue': 'libs/queue/src',
  '@app/auth': 'libs/auth/src',
  '@app/pki': 'libs/pki/src',
  '@app/platform': 'libs/platform/src',
  '@app/idempotency': 'libs/idempotency/src',
  '@app/bulk': 'libs/bulk/src',
  '@app/audit-runs': 'libs/audit-runs/src',
  '@app/economy': 'libs/testing/economy/src',
  '@app/review': 'libs/review/src',
  '@app/trade-graph': 'libs/trade-graph/src',
  '@app/migrations': 'db/migrations',
};

type Resolve = (request: string, ...rest: unknown[]) => string;
const mod = Module as unknown as { _resolveFilename: Resolve };
const original = mod._resolveFilename;
mod._resolveFilename = function (request: string, ...rest: unknown[]): string {
  const target = ALIASES[request];
  return original.call(this, target ? join(__dirname, '..', '..', target) : request, ...rest);
};
