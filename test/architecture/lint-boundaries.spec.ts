import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');

interface LintResult {
  messages: { ruleId: string | null; message: string }[];
}

/**
 * Lints `source` as the file `path` with the project's own ESLint config (eslint.config.mjs),
 * written into the tree for the moment, as a change would be.
 */
async function lint(path: string, source: string): Promise<LintResult['messages']> {
  const file = join(root, path);
  writeFileSync(file, source);
  try {
    const out = await run(
      process.execPath,
      [join(root, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', '--no-warn-ignored', file],
      { cwd: root, maxBuffer: 16 * 1024 * 1024 },
    ).catch((err: { stdout?: string }) => {
      if (!err.stdout) throw err;
      return { stdout: err.stdout };
    });
    const [result] = JSON.parse(out.stdout) as LintResult[];
    return result.messages;
  } finally {
    rmSync(file, { force: true });
  }
}

const QUERY_IN_SERVICE = `import type { DataSource } from 'typeorm';

export class ProbeService {
  constructor(private readonly db: DataSource) {}

  async count(): Promise<unknown> {
    return this.db.query('SELECT count(*) FROM registry.taxpayers');
  }
}
`;

/** The boundaries lint guards (ADR 0029), each shown refusing a file that crosses it. */
describe('lint boundaries', () => {
  const rules = (messages: LintResult['messages']) => messages.map((m) => m.ruleId);

  it('refuses a query outside a repository', async () => {
    const messages = await lint(`apps/issuance/src/lint-probe-${process.pid}.service.ts`, QUERY_IN_SERVICE);
    expect(rules(messages)).toEqual(['no-restricted-syntax']);
    expect(messages[0].message).toContain('*.repository.ts');
  }, 60_000);

  it('accepts the same query in a repository', async () => {
    const source = QUERY_IN_SERVICE.replace('ProbeService', 'ProbeRepository');
    const messages = await lint(`apps/issuance/src/lint-probe-${process.pid}.repository.ts`, source);
    expect(messages).toEqual([]);
  }, 60_000);

  it("refuses a bench or script reaching into an app's src/, and accepts its public door", async () => {
    const inside = `import { IssuanceConfig } from '../../apps/issuance/src/config/issuance.config';\n\nexport const probe = IssuanceConfig;\n`;
    const refused = await lint(`bench/issuance/lint-probe-${process.pid}.ts`, inside);
    expect(rules(refused)).toEqual(['no-restricted-imports']);
    expect(refused[0].message).toContain('public door');
    const door = inside.replace('../../apps/issuance/src/config/issuance.config', '../../apps/issuance');
    expect(await lint(`scripts/cli/lint-probe-${process.pid}.ts`, door)).toEqual([]);
  }, 60_000);

  it('refuses an app importing the test economy', async () => {
    const source = `import { planEconomy } from '@app/economy';\n\nexport const probe = planEconomy;\n`;
    const messages = await lint(`apps/audit/src/lint-probe-${process.pid}.service.ts`, source);
    expect(rules(messages)).toEqual(['no-restricted-imports']);
    expect(messages[0].message).toContain('libs/testing');
  }, 60_000);
});
