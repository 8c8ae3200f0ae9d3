import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The text of a SQL file kept beside the module that runs it: `dir` is that module's
 * `__dirname` (scripts/build.js copies every .sql into dist next to its .js). Read once, when
 * the module loads, so a missing file fails at boot and not on the first request.
 */
export function sqlFile(dir: string, ...path: string[]): string {
  return readFileSync(join(dir, ...path), 'utf8');
}
