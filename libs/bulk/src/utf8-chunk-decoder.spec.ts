import { BulkFileError } from './bulk-file.error';
import { byteByByte, cutAt } from './testing/run-parser';
import { Utf8ChunkDecoder } from './utf8-chunk-decoder';

function decode(chunks: readonly Buffer[]): string {
  const decoder = new Utf8ChunkDecoder();
  const text = chunks.map((chunk) => decoder.write(chunk)).join('');
  decoder.end();
  return text;
}

describe('Utf8ChunkDecoder', () => {
  const text = 'a中文é😀z\uFEFFq';
  const bytes = Buffer.from(`\uFEFF${text}`);

  it('decodes characters cut anywhere, dropping only a leading BOM', () => {
    expect(decode([bytes])).toBe(text);
    for (let at = 0; at <= bytes.length; at++) expect(decode(cutAt(bytes, at))).toBe(text);
    for (let at = 1; at < bytes.length - 1; at++) expect(decode(cutAt(bytes, at, at + 1))).toBe(text);
    expect(decode(byteByByte(bytes))).toBe(text);
    expect(decode([Buffer.alloc(0), ...byteByByte(bytes), Buffer.alloc(0)])).toBe(text);
  });

  it('keeps text without a BOM as it is', () => {
    expect(decode([Buffer.from('中a')])).toBe('中a');
  });

  it.each([
    ['a GBK character', [0xd6, 0xd0]],
    ['a UTF-16 BOM', [0xff, 0xfe, 0x61, 0x00]],
    ['an overlong encoding', [0xc0, 0x80]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ['a stray continuation byte', [0x61, 0x80]],
    ['a lead byte followed by ASCII', [0xe4, 0x61, 0x62]],
  ])('refuses %s, whole or byte by byte', (_case, raw) => {
    for (const chunks of [[Buffer.from(raw)], byteByByte(Buffer.from(raw))]) {
      expect(() => decode(chunks)).toThrow(BulkFileError);
      expect(() => decode(chunks)).toThrow(expect.objectContaining({ code: 'FILE_ENCODING_INVALID' }));
    }
  });

  it('refuses input that ends inside a character', () => {
    const decoder = new Utf8ChunkDecoder();
    expect(decoder.write(Buffer.from('a中').subarray(0, 3))).toBe('a');
    expect(() => decoder.end()).toThrow(expect.objectContaining({ code: 'FILE_ENCODING_INVALID' }));
  });
});
