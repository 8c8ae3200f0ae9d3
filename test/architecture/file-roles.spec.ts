import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const root = join(__dirname, '..', '..');

/**
 * The roles docs/conventions.md lists, read from its table (`*.decorator(s).ts` gives
 * `decorator` and `decorators`): the document is the list, so the two cannot drift.
 */
function documentedRoles(): Set<string> {
  const text = readFileSync(join(root, 'docs', 'conventions.md'), 'utf8');
  const roles = new Set<string>();
  for (const line of text.split('\n').filter((l) => l.startsWith('| `*.'))) {
    const firstCell = line.split('|')[1];
    for (const [, role] of firstCell.matchAll(/`\*\.([a-z0-9-]+(?:\(s\))?)\.(?:ts|js|sql)`/g)) {
      if (role.endsWith('(s)')) roles.add(role.slice(0, -3)).add(`${role.slice(0, -3)}s`);
      else roles.add(role);
    }
  }
  return roles;
}

/** The role a file's name claims: what lies between its noun and its extension, if anything. */
function roleOf(file: string): string | null {
  const name = basename(file).replace(/(\.d)?\.(ts|js|mjs|sql)$/, '');
  const parts = name.split('.');
  if (parts.length === 1) return null;
  // `upload.processor.spec.ts` is the spec of a processor: both parts must be roles.
  return parts.slice(1).join('.');
}

const CODE = /^(apps|libs|scripts|bench|db|test)\/.*\.(ts|js|mjs|sql)$/;
/** Served to browsers as they are named (the dashboard's pages), or a third party's layout. */
const EXEMPT = [/^apps\/bureau\/src\/dashboard\/public\//];

function trackedCode(): string[] {
  return execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((f) => CODE.test(f) && !EXEMPT.some((e) => e.test(f)));
}

/** The class-name endings of the roles that hold classes: `upload.processor.ts` holds `UploadProcessor`. */
const CLASS_ENDINGS: Record<string, readonly string[]> = {
  controller: ['Controller'],
  service: ['Service'],
  repository: ['Repository'],
  processor: ['Processor'],
  module: ['Module'],
  guard: ['Guard'],
  interceptor: ['Interceptor'],
  filter: ['Filter'],
  config: ['Config'],
  entity: ['Entity'],
  error: ['Error'],
  // A query string's shape is a `…Query`; every other request or response shape a `…Dto`.
  dto: ['Dto', 'Query'],
};

function exportedClasses(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/^export (?:abstract )?class (\w+)/gm)].map(([, name]) => name);
}

describe('a file suffix is a role listed in docs/conventions.md', () => {
  const roles = documentedRoles();

  it('reads the table', () => {
    for (const role of ['controller', 'service', 'repository', 'processor', 'mapper', 'dto', 'error']) {
      expect({ role, documented: roles.has(role) }).toEqual({ role, documented: true });
    }
  });

  it('every file in apps, libs, scripts, bench, db and test is named <noun>.ts or <noun>.<role>.ts', () => {
    const undocumented = trackedCode().filter((file) => {
      const role = roleOf(file);
      return role !== null && !role.split('.').every((part) => roles.has(part));
    });
    expect(undocumented).toEqual([]);
  });

  it('a class is named for the role its file says', () => {
    const misnamed = trackedCode().flatMap((file) => {
      const endings = CLASS_ENDINGS[roleOf(file) ?? ''];
      if (!endings) return [];
      return exportedClasses(file)
        .filter((name) => !endings.some((ending) => name.endsWith(ending)))
        .map((name) => `${file}: ${name}`);
    });
    expect(misnamed).toEqual([]);
  });
});
