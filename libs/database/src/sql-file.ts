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

/**
 * What `fillSql` passes over: string literals and quoted identifiers (SQL doubles a quote
 * inside them), `--` and block comments. A `--` or a placeholder inside a literal is text.
 */
const SQL_TOKEN = /'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?\*\/|\{\{(\w+)\}\}/g;

/**
 * `template` with every `{{name}}` replaced by `fragments[name]`, for what a driver parameter
 * cannot carry: a table's name, a sub-select. Values always go as parameters ($1, $2, ...).
 * A placeholder written in a comment or inside a quoted literal is left as it is (a fragment
 * of several lines would end a `--` comment). Throws when a placeholder is left without a
 * fragment, or a fragment has no placeholder: a statement and its caller that disagree fail
 * at once, not with a syntax error later.
 */
export function fillSql(template: string, fragments: Readonly<Record<string, string>>): string {
  const unused = new Set(Object.keys(fragments));
  const filled = template.replace(SQL_TOKEN, (token, name: string | undefined) => {
    if (name === undefined) return token;
    if (!Object.hasOwn(fragments, name)) throw new Error(`SQL placeholder ${token} has no fragment`);
    unused.delete(name);
    return fragments[name];
  });
  if (unused.size > 0) throw new Error(`SQL has no placeholder for ${[...unused].join(', ')}`);
  return filled;
}
