import type * as forge from 'node-forge';

/** The parsed fields node-forge puts on the extensions this PKI reads. */
export interface ParsedExtensions {
  basicConstraints: { cA?: boolean; pathLenConstraint?: number };
  subjectKeyIdentifier: { subjectKeyIdentifier?: string };
}

/**
 * A parsed extension of a forge certificate, or null. @types/node-forge types every
 * extension as `{}` (and forge returns null, not undefined, when one is missing).
 */
export function extensionOf<K extends keyof ParsedExtensions>(
  cert: forge.pki.Certificate,
  name: K,
): ParsedExtensions[K] | null {
  const found: unknown = cert.getExtension(name);
  // Every field of ParsedExtensions is optional, so any object forge returns fits the type.
  return typeof found === 'object' && found !== null ? found : null;
}

/** True if the certificate says it is a CA (basicConstraints cA). */
export function isCaCertificate(cert: forge.pki.Certificate): boolean {
  return extensionOf(cert, 'basicConstraints')?.cA === true;
}
