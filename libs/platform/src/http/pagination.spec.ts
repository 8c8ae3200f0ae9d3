import { DomainError } from '@app/domain';
import { decodeCursor, encodeCursor, isCursorBigintId, isCursorTimestamp } from './pagination';

const isTaxIdKey = (v: unknown): v is { taxId: string } =>
  typeof (v as { taxId?: unknown })?.taxId === 'string';

describe('list cursors', () => {
  it('decodes what it encoded', () => {
    expect(decodeCursor(encodeCursor({ taxId: '91440106MA59XXXX0K' }), isTaxIdKey)).toEqual({
      taxId: '91440106MA59XXXX0K',
    });
  });

  it.each([
    ['not base64 JSON', 'not-a-cursor!'],
    ['the wrong shape', encodeCursor({ id: 1 })],
    ['a NUL in a value (it would fail the SQL)', encodeCursor({ taxId: 'x\u0000' })],
    ['a lone surrogate in a value', encodeCursor({ taxId: '\ud800' })],
  ])('refuses %s with CURSOR_INVALID', (_what, cursor) => {
    expect(() => decodeCursor(cursor, isTaxIdKey)).toThrow(DomainError);
    expect(() => decodeCursor(cursor, isTaxIdKey)).toThrow('The cursor is not one this list issued.');
  });

  it.each([
    ['2026-11-27T08:15:30.123456Z', true],
    ['2024-02-29T00:00:00.000000Z', true],
    ['2026-02-30T00:00:00.000000Z', false],
    ['2026-11-27T24:00:00.000000Z', false],
    ['0000-01-01T00:00:00.000000Z', false],
    ['2026-11-27T08:15:30.123Z', false],
    ['2026-11-27', false],
    ['0', false],
    ['+275760-09-13', false],
    [1_700_000_000_000, false],
  ])('isCursorTimestamp(%p) is %p, as Postgres would read it', (value, ok) => {
    expect(isCursorTimestamp(value)).toBe(ok);
  });

  it.each([
    ['1', true],
    ['9223372036854775807', true],
    ['9223372036854775808', false],
    ['9999999999999999999', false],
    ['-1', false],
    ['1.5', false],
    ['', false],
    [1, false],
  ])('isCursorBigintId(%p) is %p', (value, ok) => {
    expect(isCursorBigintId(value)).toBe(ok);
  });
});
