import { findDuplicateKey } from './duplicate-key-detector';

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
