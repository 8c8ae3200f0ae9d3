import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OpensslCsr {
  /** The PKCS#10 request (PEM), as `openssl req -new` wrote it. */
  csrPem: string;
  /** The public half of the key the enterprise keeps (SPKI PEM). */
  publicKeyPem: string;
}

/**
 * A CSR made by the real openssl CLI for a fresh RSA-2048 key, as an enterprise with an
 * offline device would: `openssl req -new -newkey rsa:2048 -nodes -subj <subject>`.
 */
export function opensslCsr(subject: string): OpensslCsr {
  const dir = mkdtempSync(join(tmpdir(), 'jinshui-csr-'));
  try {
    const key = join(dir, 'device.key');
    const csr = join(dir, 'device.csr');
    execFileSync(
      'openssl',
      ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-subj', subject, '-keyout', key, '-out', csr],
      { stdio: 'pipe' },
    );
    const publicKeyPem = execFileSync('openssl', ['pkey', '-in', key, '-pubout'], {
      stdio: 'pipe',
    }).toString();
    return { csrPem: readFileSync(csr, 'utf8'), publicKeyPem };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The same CSR with one bit flipped in its signature: the signature BIT STRING is the
 * last field of the DER, so the structure still parses but the proof of possession fails.
 */
export function withBrokenSignature(csrPem: string): string {
  const der = Buffer.from(csrPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  der[der.length - 5] ^= 0x01;
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE REQUEST-----\n${lines.join('\n')}\n-----END CERTIFICATE REQUEST-----\n`;
}
