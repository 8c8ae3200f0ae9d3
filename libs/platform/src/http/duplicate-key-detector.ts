/**
 * Finds the first object key that occurs twice in one JSON object. `JSON.parse` silently
 * keeps the last duplicate, so `{"amount":"1.00","amount":"9999.00"}` would be read as
 * something other than what a reviewer of the raw body sees: for invoices that is a
 * forgery vector, so such bodies are refused. Expects text that `JSON.parse` accepts;
 * keys are compared after unescaping ("a" and "\u0061" are the same key).
 */
export function findDuplicateKey(json: string): string | null {
  const stack: (Set<string> | null)[] = []; // a Set for an object, null for an array
  let expectKey = false;
  for (let i = 0; i < json.length; i++) {
    const ch = json[i];
    if (ch === '"') {
      const end = endOfString(json, i);
      const top = stack[stack.length - 1];
      if (expectKey && top) {
        const key = JSON.parse(json.slice(i, end + 1)) as string;
        if (top.has(key)) return key;
        top.add(key);
        expectKey = false;
      }
      i = end;
    } else if (ch === '{') {
      stack.push(new Set());
      expectKey = true;
    } else if (ch === '[') {
      stack.push(null);
    } else if (ch === '}' || ch === ']') {
      stack.pop();
    } else if (ch === ',') {
      expectKey = stack[stack.length - 1] instanceof Set;
    }
  }
  return null;
}

function endOfString(json: string, start: number): number {
  for (let i = start + 1; i < json.length; i++) {
    if (json[i] === '\\') i++;
    else if (json[i] === '"') return i;
  }
  return json.length - 1;
}
