/**
 * Codes of {@link PkiError}: faults of the service's own key material or configuration,
 * never of a caller's input (those are `ValidationError`s from `@app/domain`).
 */
export type PkiErrorCode =
  | 'MASTER_KEYS_INVALID'
  | 'KEY_VERSION_UNKNOWN'
  | 'KEY_DECRYPTION_FAILED'
  | 'CA_MATERIAL_INVALID'
  | 'CA_NOT_VALID'
  | 'SEAL_KEY_UNSUPPORTED'
  | 'KEY_AAD_MISSING'
  | 'SEAL_VERIFIER_CRASHED'
  | 'SEAL_VERIFIER_CLOSED';

/**
 * A server-side PKI fault: a missing master key version, a ciphertext that fails its
 * authentication tag, a CA whose key does not match its certificate.
 *
 * Deliberately not a `DomainError`: every `DomainError` kind maps to a 4xx status, but
 * these mean our own data or config is broken, so they must surface as a 500 and page
 * someone instead of telling the client it sent something wrong. Messages never contain
 * key material.
 */
export class PkiError extends Error {
  constructor(
    readonly code: PkiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
