import { Injectable } from '@nestjs/common';
import { createPrivateKey, KeyObject } from 'node:crypto';
import { KeyVault } from '@app/pki';

const MAX_KEYS = 50_000;

/**
 * Device private keys as ready-to-use KeyObjects, by certificate serial. Decrypting and
 * parsing a PEM costs more than signing, so each key is opened once per process. Keys of
 * revoked certificates are never asked for: the caller selects a valid certificate first.
 */
@Injectable()
export class SigningKeyCache {
  private readonly keys = new Map<string, KeyObject>();

  constructor(private readonly vault: KeyVault) {}

  keyFor(serialNumber: string, sealed: { keyVersion: number; ciphertext: string }): KeyObject {
    let key = this.keys.get(serialNumber);
    if (!key) {
      key = createPrivateKey(this.vault.open(sealed, `certificate:${serialNumber}`));
      if (this.keys.size >= MAX_KEYS) this.keys.clear();
      this.keys.set(serialNumber, key);
    }
    return key;
  }
}
