/**
 * Deepest nesting of objects and arrays a JSON body may have. Our deepest legitimate
 * body is 4 levels (`{"invoices":[{"seal":{…}}]}`); 64 leaves room for any DTO we may
 * add while staying far below the ~1,300 levels at which class-transformer, the
 * ValidationPipe and JSON canonicalisation overflow the stack (they recurse per level).
 */
export const MAX_JSON_DEPTH = 64;

/** What the structural scan can object to before the body is parsed. */
export type JsonStructureProblem =
  | { kind: 'too_deep'; maxDepth: number }
  | { kind: 'duplicate_key'; key: string }
  | { kind: 'prototype_key'; key: string };

/**
 * Keys no body may use. `JSON.parse` makes them own properties, and Nest's ValidationPipe
 * deletes them without a word before it validates, so the whitelist that refuses every other
 * unknown field let them through.
 */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * One pass over the raw JSON text, with an explicit stack (so no input can overflow it),
 * before anything recursive sees the body:
 * - nesting deeper than `maxDepth` is refused: later stages recurse once per level;
 * - an object key that occurs twice in one object is refused: `JSON.parse` silently keeps
 *   the last one, so `{"amount":"1.00","amount":"9999.00"}` would be read as something
 *   other than what a reviewer of the raw body sees (for invoices, a forgery vector).
 *   Keys are compared after unescaping ("a" and "\u0061" are the same key);
 * - a key naming a prototype (`__proto__`, `constructor`, `prototype`) is refused.
 * Text that is not JSON is scanned as far as it goes (depth is still measured); the
 * parser that runs next reports it as malformed.
 */
export function findJsonStructureProblem(json: string, maxDepth: number): JsonStructureProblem | null {
  const stack: (Set<string> | null)[] = []; // a Set for an object, null for an array
  let expectKey = false;
  let keysReadable = true;
  for (let i = 0; i < json.length; i++) {
    const ch = json[i];
    if (ch === '"') {
      const end = endOfString(json, i);
      const top = stack[stack.length - 1];
      if (expectKey && top && keysReadable) {
        const key = parseKey(json.slice(i, end + 1));
        if (key === undefined)
          keysReadable = false; // malformed: MALFORMED_JSON follows
        else if (top.has(key)) return { kind: 'duplicate_key', key };
        else if (PROTOTYPE_KEYS.has(key)) return { kind: 'prototype_key', key };
        else top.add(key);
      }
      expectKey = false;
      i = end;
    } else if (ch === '{' || ch === '[') {
      if (stack.length >= maxDepth) return { kind: 'too_deep', maxDepth };
      stack.push(ch === '{' ? new Set() : null);
      expectKey = ch === '{';
    } else if (ch === '}' || ch === ']') {
      stack.pop();
    } else if (ch === ',') {
      expectKey = stack[stack.length - 1] instanceof Set;
    }
  }
  return null;
}

/** The first key that occurs twice in one object of `json`, or null (any depth). */
export function findDuplicateKey(json: string): string | null {
  const problem = findJsonStructureProblem(json, Infinity);
  return problem?.kind === 'duplicate_key' ? problem.key : null;
}

function parseKey(literal: string): string | undefined {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return undefined;
  }
}

function endOfString(json: string, start: number): number {
  for (let i = start + 1; i < json.length; i++) {
    if (json[i] === '\\') i++;
    else if (json[i] === '"') return i;
  }
  return json.length - 1;
}
