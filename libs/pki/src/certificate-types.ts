/*
 * The certificate shapes the CA (certificate-authority.ts) and the signer
 * (certificate-signer.ts) share, apart from both so that neither imports the other's types.
 */

/** When a new certificate is valid. */
export interface CertificateValidity {
  /** notBefore (forge truncates to the second); also the instant the issuing CA must be valid at. */
  readonly now: Date;
  /** Whole years, 1..50. A certificate never outlives its issuer: notAfter is cut to the issuer's. */
  readonly validYears: number;
}

/** A CA certificate with its (unencrypted) private key; seal the key with a `KeyVault` to store it. */
export interface CaMaterial {
  readonly certificatePem: string;
  /** PKCS#8 PEM. */
  readonly privateKeyPem: string;
  /** Uppercase hex, as `openssl x509 -serial` prints it. */
  readonly serialNumber: string;
}

/** A certificate issued to a key the CA does not hold. */
export interface IssuedCertificate {
  readonly certificatePem: string;
  readonly serialNumber: string;
}
