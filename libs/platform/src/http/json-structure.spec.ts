import { findDuplicateKey, findJsonStructureProblem } from './json-structure';

describe('findDuplicateKey', () => {
  it.each([
    ['{"a":1,"b":2}', null],
    ['{"a":{"a":1},"b":[{"a":1},{"a":2}]}', null],
    ['{"a":"x,\\"a\\":1"}', null],
    ['[{"a":1},{"a":1}]', null],
    ['{"a":1,"a":2}', 'a'],
    ['{"lines":[{"amount":"1.00","amount":"2.00"}]}', 'amount'],
    ['{"a":1,"\\u0061":2}', 'a'],
    ['{"x":{"y":1},"x":2}', 'x'],
    ['{"a":[1,{"b":2}],"c":{"d":{"e":1,"e":1}}}', 'e'],
  ])('%s -> %s', (json, expected) => {
    expect(() => JSON.parse(json) as unknown).not.toThrow();
    expect(findDuplicateKey(json)).toBe(expected);
  });
});

describe('findJsonStructureProblem', () => {
  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it('accepts nesting up to the limit and refuses one level more', () => {
    expect(findJsonStructureProblem(nested(64), 64)).toBeNull();
    expect(findJsonStructureProblem(`{"a":${nested(63)}}`, 64)).toBeNull();
    expect(findJsonStructureProblem(nested(65), 64)).toEqual({ kind: 'too_deep', maxDepth: 64 });
    expect(findJsonStructureProblem(`{"a":${nested(64)}}`, 64)).toEqual({ kind: 'too_deep', maxDepth: 64 });
  });

  it('does not count brackets inside strings', () => {
    expect(findJsonStructureProblem(`{"a":"${'['.repeat(1000)}"}`, 2)).toBeNull();
  });

  it('measures the depth of text that is not JSON, at any length, without recursion', () => {
    expect(findJsonStructureProblem('['.repeat(1_000_000), 64)).toEqual({ kind: 'too_deep', maxDepth: 64 });
    expect(findJsonStructureProblem(`{"\\x":1, "b": ${nested(100)}`, 64)).toMatchObject({ kind: 'too_deep' });
  });

  it('reports a duplicate key found before the depth is exceeded', () => {
    expect(findJsonStructureProblem(`{"a":1,"a":${nested(100)}}`, 64)).toEqual({
      kind: 'duplicate_key',
      key: 'a',
    });
  });

  it.each([
    ['{"__proto__":{"a":1}}', '__proto__'],
    ['{"lines":[{"constructor":1}]}', 'constructor'],
    ['{"a":{"prototype":null}}', 'prototype'],
    ['{"\\u005f_proto__":1}', '__proto__'],
  ])('refuses a key naming a prototype: %s', (json, key) => {
    expect(findJsonStructureProblem(json, 64)).toEqual({ kind: 'prototype_key', key });
  });

  it('lets prototype names be values, and keys that only contain them', () => {
    expect(findJsonStructureProblem('{"a":"__proto__","constructors":1,"x_prototype":2}', 64)).toBeNull();
  });
});
