// The duplicate-key check JSON.parse cannot do (it keeps the last value silently), for a
// line JSON.parse accepted whose values are all strings or null: every string in it is then
// a top-level key or value.

const BACKSLASH = 92;
const SPACE = 32;
const COLON = 58;

/**
 * Whether the object on `line` repeats a key. `compactLength` is the length of the parsed
 * object written as JSON without spaces or escapes, `strings` how many keys and string
 * values it has. A line of exactly that length without escapes leaves no room for a repeated
 * key (any repeat adds characters), so only lines with spaces or escapes pay for the scan.
 */
export function hasRepeatedKey(line: string, compactLength: number, strings: number): boolean {
  if (line.length === compactLength && !line.includes('\\')) return false;
  return countJsonStrings(line) !== strings;
}

/** Number of JSON string literals in `line`. */
function countJsonStrings(line: string): number {
  let count = 0;
  for (let open = line.indexOf('"'); open !== -1; open = line.indexOf('"', closingQuote(line, open) + 1))
    count++;
  return count;
}

/** The first key that appears twice in the object on `line` ('' if none does). */
export function duplicateKeyOf(line: string): string {
  const seen = new Set<string>();
  for (let open = line.indexOf('"'); open !== -1;) {
    const close = closingQuote(line, open);
    let next = close + 1;
    while (line.charCodeAt(next) <= SPACE) next++;
    if (line.charCodeAt(next) === COLON) {
      const key = JSON.parse(line.slice(open, close + 1)) as string;
      if (seen.has(key)) return key;
      seen.add(key);
    }
    open = line.indexOf('"', close + 1);
  }
  return '';
}

function closingQuote(line: string, open: number): number {
  let close = line.indexOf('"', open + 1);
  while (close !== -1 && isEscaped(line, close)) close = line.indexOf('"', close + 1);
  return close === -1 ? line.length : close;
}

/** Whether the character at `index` follows an odd run of backslashes. */
function isEscaped(line: string, index: number): boolean {
  let backslashes = 0;
  while (line.charCodeAt(index - 1 - backslashes) === BACKSLASH) backslashes++;
  return backslashes % 2 === 1;
}
