import { ValidationError } from '../errors/domain-error';

/**
 * The one rule for text that enters the system (JSON bodies, query and path parameters,
 * bulk rows). Refused, because no field has a use for them and each has done harm:
 * - `control`: C0 and C1 controls and DEL, except TAB, LF and CR. U+0000 cannot be stored
 *   in a PostgreSQL text column at all (the statement fails); the others corrupt logs,
 *   CSV exports and terminals.
 * - `lone_surrogate`: half of a UTF-16 surrogate pair. It has no UTF-8 form: Postgres
 *   refuses it, or the driver silently turns it into U+FFFD, so a seal would cover text
 *   other than what was sent.
 * - `format`: invisible format characters (Unicode category Cf: bidi embeddings and
 *   isolates such as U+202E, zero-width characters, U+FEFF, the soft hyphen, tag
 *   characters). They make a taxpayer or buyer name display as something it is not.
 */
export type TextProblemReason = 'control' | 'lone_surrogate' | 'format';

/** The first refused character of a string. */
export interface ForbiddenCharacter {
  /** Offset in UTF-16 code units, as `String.prototype.indexOf` counts. */
  readonly index: number;
  /** `U+XXXX` (at least four hex digits). */
  readonly codePoint: string;
  readonly reason: TextProblemReason;
}

/** A refused character and where it is: `lines[0].description`, `query.taxId`, `path.serial`. */
export interface TextProblem extends ForbiddenCharacter {
  readonly field: string;
}

// These patterns exist to find control characters, which is what no-control-regex forbids.
/* eslint-disable no-control-regex */
const CONTROL = /[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]/;
const FORBIDDEN = /[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\p{Cf}\p{Cs}]/u;
const FORBIDDEN_ALL = /[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\p{Cf}\p{Cs}]/gu;
/* eslint-enable no-control-regex */

export function formatCodePoint(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The first character of `text` the rule refuses, or null when it has none. */
export function findForbiddenCharacter(text: string): ForbiddenCharacter | null {
  const match = FORBIDDEN.exec(text);
  if (match === null) return null;
  const code = text.codePointAt(match.index)!;
  const reason: TextProblemReason =
    code >= 0xd800 && code <= 0xdfff ? 'lone_surrogate' : CONTROL.test(match[0]) ? 'control' : 'format';
  return { index: match.index, codePoint: formatCodePoint(code), reason };
}

/**
 * A name that is safe to echo in an error and a log: refused characters (which a hostile
 * key may well contain) are written as `\u{XXXX}` and the name is cut to 64 characters.
 */
export function printableName(name: string): string {
  const shown = name.length > 64 ? `${name.slice(0, 64)}…` : name;
  return shown.replace(FORBIDDEN_ALL, (ch) => `\\u{${ch.codePointAt(0)!.toString(16).toUpperCase()}}`);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (IDENTIFIER.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}["${printableName(key).replace(/"/g, '\\"')}"]`;
}

/**
 * The first refused character anywhere in a parsed JSON value (object keys included),
 * with the path of the field that holds it; null when the value is clean. `root` prefixes
 * the paths (`query` gives `query.taxId`; '' gives `lines[0].description`). Walks with
 * an explicit stack, so no nesting depth can overflow it.
 */
export function findInvalidText(value: unknown, root = ''): TextProblem | null {
  const pending: [unknown, string][] = [[value, root]];
  while (pending.length > 0) {
    const [current, path] = pending.pop()!;
    if (typeof current === 'string') {
      const bad = findForbiddenCharacter(current);
      if (bad) return { field: path || 'body', ...bad };
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) pending.push([current[i], childPath(path, i)]);
    } else if (typeof current === 'object' && current !== null) {
      const keys = Object.keys(current);
      for (const key of keys) {
        const bad = findForbiddenCharacter(key);
        if (bad) return { field: childPath(path, key), ...bad };
      }
      for (let i = keys.length - 1; i >= 0; i--) {
        pending.push([(current as Record<string, unknown>)[keys[i]], childPath(path, keys[i])]);
      }
    }
  }
  return null;
}

const DESCRIPTION: Record<TextProblemReason, string> = {
  control: 'a control character',
  lone_surrogate: 'half of a surrogate pair (not a character)',
  format: 'an invisible formatting character',
};

/** 400 TEXT_INVALID for a problem; details `{ field, codePoint, index, reason }`. */
export function textInvalidError(problem: TextProblem): ValidationError {
  return new ValidationError(
    'TEXT_INVALID',
    `${problem.field} contains ${problem.codePoint}, ${DESCRIPTION[problem.reason]}; ` +
      'text may not contain control characters (other than tab and line breaks), lone surrogates ' +
      'or invisible formatting characters.',
    { field: problem.field, codePoint: problem.codePoint, index: problem.index, reason: problem.reason },
  );
}

/** Throws TEXT_INVALID when `value` (a parsed JSON value) holds a refused character. */
export function assertValidText(value: unknown, root = ''): void {
  const problem = findInvalidText(value, root);
  if (problem) throw textInvalidError(problem);
}
