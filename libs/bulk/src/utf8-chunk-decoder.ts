import { isUtf8 } from 'node:buffer';
import { BulkFileError } from './bulk-file.error';

const BOM = 0xfeff;

/**
 * Decodes a byte stream chunk by chunk: a character split across chunks is held back until
 * it is complete, a leading UTF-8 BOM is dropped, and anything that is not UTF-8 throws
 * `FILE_ENCODING_INVALID` instead of turning into U+FFFD the way `StringDecoder` would (a
 * GBK export would otherwise load as silent garbage). `isUtf8` is SIMD-fast, so this costs
 * about as much as `StringDecoder`.
 */
export class Utf8ChunkDecoder {
  /** The first bytes of a character whose remaining bytes have not arrived yet (0–3 bytes). */
  private carry: Buffer = Buffer.alloc(0);
  private bytesDecoded = 0;
  private atStart = true;

  write(chunk: Buffer): string {
    let text = '';
    let body = chunk;
    if (this.carry.length > 0) {
      const need = sequenceLength(this.carry[0]) - this.carry.length;
      const joined = Buffer.concat([this.carry, chunk.subarray(0, need)]);
      if (chunk.length < need) {
        this.carry = joined;
        return '';
      }
      this.carry = Buffer.alloc(0);
      text = this.decode(joined);
      body = chunk.subarray(need);
    }
    const cut = completeLength(body);
    if (cut < body.length) this.carry = Buffer.from(body.subarray(cut));
    return text + this.decode(body.subarray(0, cut));
  }

  /** Throws when the input ended in the middle of a character. */
  end(): void {
    if (this.carry.length > 0) this.fail();
  }

  private decode(bytes: Buffer): string {
    if (!isUtf8(bytes)) this.fail();
    this.bytesDecoded += bytes.length;
    let text = bytes.toString('utf8');
    if (this.atStart && text.length > 0) {
      this.atStart = false;
      if (text.charCodeAt(0) === BOM) text = text.slice(1);
    }
    return text;
  }

  private fail(): never {
    throw new BulkFileError('FILE_ENCODING_INVALID', 'The file is not valid UTF-8; save it as UTF-8.', {
      nearByteOffset: this.bytesDecoded,
    });
  }
}

/** Bytes announced by a lead byte; a stray continuation byte counts as 1 so `isUtf8` rejects it. */
function sequenceLength(lead: number): number {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}

/** Length of the prefix of `bytes` that does not end inside a multi-byte character. */
function completeLength(bytes: Buffer): number {
  const stop = Math.max(0, bytes.length - 3);
  for (let i = bytes.length - 1; i >= stop; i--) {
    const b = bytes[i];
    if ((b & 0xc0) === 0x80) continue;
    return i + sequenceLength(b) > bytes.length ? i : bytes.length;
  }
  return bytes.length;
}
