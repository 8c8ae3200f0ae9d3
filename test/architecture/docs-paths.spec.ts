import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** The README and every guide and ADR: what a new reader follows. */
function documents(): string[] {
  const inDir = (dir: string) =>
    readdirSync(join(root, dir))
      .filter((name) => name.endsWith('.md'))
      .map((name) => `${dir}/${name}`);
  return ['README.md', ...inDir('docs'), ...inDir('docs/adr')];
}

/** A repository path as the docs write it: a file, a folder, or a test named without its suffix. */
const PATH = /(?<![\w./-])((?:apps|libs|scripts|bench|test|db|docs)\/[\w./@-]+)/g;
const NAMED_WITHOUT_SUFFIX = ['', '.ts', '.e2e-spec.ts', '.spec.ts'];
/** Written by the benches and the tests when they run, not kept in the repository. */
const GENERATED = ['bench/out/', 'test-output/'];

function missingPaths(document: string): string[] {
  const text = readFileSync(join(root, document), 'utf8');
  const missing = new Set<string>();
  for (const [, found] of text.matchAll(PATH)) {
    const path = found.replace(/[.,;:)]+$/, '');
    if (path.includes('*') || GENERATED.some((g) => path.startsWith(g))) continue;
    if (!NAMED_WITHOUT_SUFFIX.some((suffix) => existsSync(join(root, path + suffix)))) missing.add(path);
  }
  return [...missing];
}

describe('docs name only paths that exist', () => {
  it.each(documents())('%s', (document) => {
    expect(missingPaths(document)).toEqual([]);
  });
});
