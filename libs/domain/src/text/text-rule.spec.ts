import { DomainError } from '../errors/domain-error';
import { assertValidText, findForbiddenCharacter, findInvalidText, printableName } from './text-rule';

describe('findForbiddenCharacter', () => {
  it.each([
    ['plain ASCII', 'ACME Ltd.'],
    ['Chinese', '测试企业有限公司'],
    ['tab, line feed, carriage return', 'a\tb\nc\r\n'],
    ['an emoji (a proper surrogate pair)', 'ok 😀'],
    ['U+FFFD', '\ufffd'],
    ['the line separator U+2028 (a separator, not a format character)', 'a\u2028b'],
  ])('accepts %s', (_what, text) => {
    expect(findForbiddenCharacter(text)).toBeNull();
  });

  it.each([
    ['NUL', 'a\u0000b', 1, 'U+0000', 'control'],
    ['a bell', '\u0007', 0, 'U+0007', 'control'],
    ['vertical tab', 'x\u000b', 1, 'U+000B', 'control'],
    ['escape', '\u001b[31m', 0, 'U+001B', 'control'],
    ['DEL', 'a\u007f', 1, 'U+007F', 'control'],
    ['a C1 control', '\u0085', 0, 'U+0085', 'control'],
    ['a lone high surrogate', 'ab\ud800', 2, 'U+D800', 'lone_surrogate'],
    ['a lone low surrogate', '\udc00z', 0, 'U+DC00', 'lone_surrogate'],
    ['a high surrogate after a pair', '😀\ud83d', 2, 'U+D83D', 'lone_surrogate'],
    ['right-to-left override', 'abc\u202edcba', 3, 'U+202E', 'format'],
    ['left-to-right embedding', '\u202a', 0, 'U+202A', 'format'],
    ['first strong isolate', '\u2068', 0, 'U+2068', 'format'],
    ['zero-width space', 'a\u200bb', 1, 'U+200B', 'format'],
    ['zero-width joiner', '\u200d', 0, 'U+200D', 'format'],
    ['right-to-left mark', '\u200f', 0, 'U+200F', 'format'],
    ['word joiner', '\u2060', 0, 'U+2060', 'format'],
    ['invisible plus', '\u2064', 0, 'U+2064', 'format'],
    ['byte order mark', '\ufeffname', 0, 'U+FEFF', 'format'],
    ['soft hyphen', 'in\u00advisible', 2, 'U+00AD', 'format'],
    ['a tag character (astral)', 'x\u{E0041}', 1, 'U+E0041', 'format'],
  ])('refuses %s', (_what, text, index, codePoint, reason) => {
    expect(findForbiddenCharacter(text)).toEqual({ index, codePoint, reason });
  });
});

describe('findInvalidText', () => {
  it('finds nothing in a clean invoice', () => {
    const body = {
      buyerName: '某公司',
      lines: [{ description: '办公\t用品', amount: '1.00' }],
      n: 3,
      x: null,
    };
    expect(findInvalidText(body)).toBeNull();
  });

  it('names the field of a nested value', () => {
    const body = { buyerName: 'ok', lines: [{ description: 'ok' }, { description: 'bad\u0000' }] };
    expect(findInvalidText(body)).toEqual({
      field: 'lines[1].description',
      index: 3,
      codePoint: 'U+0000',
      reason: 'control',
    });
  });

  it('checks object keys, and shows a hostile key escaped', () => {
    expect(findInvalidText({ ok: 1, 'evil\u202ekey': 2 })).toMatchObject({
      field: '["evil\\u{202E}key"]',
      codePoint: 'U+202E',
    });
  });

  it('prefixes the paths with the root it is given', () => {
    expect(findInvalidText({ taxId: '\ud800' }, 'query')).toMatchObject({ field: 'query.taxId' });
    expect(findInvalidText({ 'tax-id': 'x\u0001' }, 'query')).toMatchObject({ field: 'query["tax-id"]' });
    expect(findInvalidText(['a', '\u200b'], 'path')).toMatchObject({ field: 'path[1]' });
    expect(findInvalidText('\u0000')).toMatchObject({ field: 'body' });
  });

  it('reports the first problem in document order', () => {
    expect(findInvalidText({ a: ['ok', '\u0001'], b: '\u0002' })).toMatchObject({ field: 'a[1]' });
  });

  it('walks any depth without recursion', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findInvalidText(deep)).toMatchObject({ codePoint: 'U+0000' });
  });
});

describe('assertValidText', () => {
  it('throws TEXT_INVALID with the field and the code point', () => {
    let caught: unknown;
    try {
      assertValidText({ remarks: 'x\u202e' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect(caught).toMatchObject({
      code: 'TEXT_INVALID',
      kind: 'invalid',
      details: { field: 'remarks', codePoint: 'U+202E', index: 1, reason: 'format' },
    });
  });

  it('passes clean values', () => {
    expect(() => assertValidText({ a: ['b', { c: 'd' }] })).not.toThrow();
  });
});

describe('printableName', () => {
  it('escapes refused characters and shortens long names', () => {
    expect(printableName('a\u0000b')).toBe('a\\u{0}b');
    expect(printableName('x'.repeat(100))).toBe(`${'x'.repeat(64)}…`);
  });
});
