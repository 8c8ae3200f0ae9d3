import { randomBytes } from 'node:crypto';

const SERIAL_BYTES = 16;

/**
 * A fresh certificate serial: 16 random bytes as uppercase hex (128 bits, well above the
 * 64 the CA/Browser rules ask for).
 *
 * The high bit is cleared so the DER INTEGER is positive without a padding byte. A zero
 * first byte is redrawn rather than kept: node-forge writes the hex bytes verbatim, and
 * a leading 0x00 before a byte < 0x80 is non-minimal DER that OpenSSL rejects
 * ("illegal padding"), i.e. about one certificate in 256 would be unreadable.
 */
export function newSerialNumber(): string {
  for (;;) {
    const bytes = randomBytes(SERIAL_BYTES);
    bytes[0] &= 0x7f;
    if (bytes[0] !== 0) return bytes.toString('hex').toUpperCase();
  }
}
