// Types of seal-verifier.worker.js (plain JavaScript so it runs as a worker thread both
// under ts-jest and from dist/).
import type { KeyObject } from 'node:crypto';

/** `workerData.role` that makes the module serve seal checks on its parentPort. */
export const SEAL_VERIFIER_ROLE: 'seal-verifier';

/** A key ready for `crypto.verify`, or null for a PEM that is unreadable or not RSA. */
export type SealKey = { readonly key: KeyObject; readonly padding: number } | null;

/** Parses each distinct PEM (certificate or public key) once; bounded, so memory stays flat. */
export type SealKeyLookup = (pem: string) => SealKey;

/**
 * Rows ready for RSA checks, packed into transferable typed arrays: row i signs
 * `payloads[payloadEnds[i-1] .. payloadEnds[i])` (UTF-8 canonical payload) with the
 * signature bytes `signatures[signatureEnds[i-1] .. signatureEnds[i])`, by `pems[keyIndexes[i]]`.
 */
export interface PreparedSealChunk {
  readonly pems: readonly string[];
  readonly keyIndexes: Uint32Array;
  readonly payloads: Uint8Array;
  readonly payloadEnds: Uint32Array;
  readonly signatures: Uint8Array;
  readonly signatureEnds: Uint32Array;
}

export function createSealKeyCache(limit?: number): SealKeyLookup;

/** 1 where row i's signature verifies, else 0; never throws for a bad key or signature. */
export function verifyChunk(chunk: PreparedSealChunk, keyFor: SealKeyLookup): Uint8Array;
