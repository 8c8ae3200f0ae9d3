import { decodeCanonicalBase64 } from './base64';
import type { SealFields } from './seal';
import { fastSealPayloadOf } from './fast-seal-payload';
import { createSealKeyCache, verifyChunk, type PreparedSealChunk } from './seal-verifier.worker.js';

/** One seal to check: the invoice's fields, its base64 seal, and the seller's certificate (or public key) PEM. */
export interface SealCheck {
  readonly fields: SealFields;
  readonly signature: string;
  /** A certificate PEM or an SPKI public key PEM, as `verifySeal` accepts. */
  readonly publicKeyPem: string;
}

/** A slice of a batch ready for the RSA checks, and where each prepared row came from. */
export interface PreparedRows {
  readonly chunk: PreparedSealChunk;
  /** `rows[j]` is the batch index of prepared row j; rows left out are already false. */
  readonly rows: Uint32Array;
  /** The chunk's buffers, to transfer (not copy) to a worker. */
  readonly transfer: ArrayBuffer[];
}

interface Collected {
  readonly rows: number[];
  readonly pems: string[];
  readonly keyIndexes: number[];
  readonly payloads: string[];
  readonly signatures: Buffer[];
}

/**
 * Builds the canonical payloads and decodes the signatures of `items[start..end)` on
 * this thread, with the same rules as `sealPayloadOf` and `verifySeal`. A row whose
 * fields are malformed or whose signature is not canonical base64 is left out: its
 * answer is false, as `verifySeal` would say.
 */
export function prepareSealChunk(items: readonly SealCheck[], start: number, end: number): PreparedRows {
  const { rows, pems, keyIndexes, payloads, signatures } = collect(items, start, end);
  const packedPayloads = packUtf8(payloads);
  const packedSignatures = pack(signatures);
  const chunk: PreparedSealChunk = {
    pems,
    keyIndexes: Uint32Array.from(keyIndexes),
    payloads: packedPayloads.bytes,
    payloadEnds: packedPayloads.ends,
    signatures: packedSignatures.bytes,
    signatureEnds: packedSignatures.ends,
  };
  const transfer = [
    chunk.keyIndexes,
    chunk.payloads,
    chunk.payloadEnds,
    chunk.signatures,
    chunk.signatureEnds,
  ];
  return {
    chunk,
    rows: Uint32Array.from(rows),
    transfer: transfer.map((array) => array.buffer as ArrayBuffer),
  };
}

const inlineKeys = createSealKeyCache();

/**
 * Checks seals on the calling thread, for small batches (an API request) where handing
 * rows to a worker costs more than it saves. Same answers as {@link SealVerifierPool}
 * and as `verifySeal(sealPayloadOf(fields), signature, publicKeyPem)` row by row, with
 * false where `sealPayloadOf` would throw. Keys are parsed once per distinct PEM and cached.
 */
export function verifySealBatchInline(items: readonly SealCheck[]): boolean[] {
  const results = new Array<boolean>(items.length).fill(false);
  const { chunk, rows } = prepareSealChunk(items, 0, items.length);
  scatterResults(results, rows, verifyChunk(chunk, inlineKeys));
  return results;
}

/** Copies a chunk's verdicts (1 = valid) to their places in the batch's results. */
export function scatterResults(results: boolean[], rows: Uint32Array, verdicts: Uint8Array): void {
  for (let j = 0; j < rows.length; j++) results[rows[j]] = verdicts[j] === 1;
}

function collect(items: readonly SealCheck[], start: number, end: number): Collected {
  const collected: Collected = { rows: [], pems: [], keyIndexes: [], payloads: [], signatures: [] };
  const pemIndex = new Map<string, number>();
  for (let i = start; i < end; i++) {
    const { fields, signature, publicKeyPem } = items[i];
    const payload = payloadOrNull(fields);
    const bytes = decodeCanonicalBase64(signature);
    if (payload === null || bytes === null || typeof publicKeyPem !== 'string') continue;
    let keyIndex = pemIndex.get(publicKeyPem);
    if (keyIndex === undefined) {
      keyIndex = collected.pems.push(publicKeyPem) - 1;
      pemIndex.set(publicKeyPem, keyIndex);
    }
    collected.rows.push(i);
    collected.keyIndexes.push(keyIndex);
    collected.payloads.push(payload);
    collected.signatures.push(bytes);
  }
  return collected;
}

function payloadOrNull(fields: SealFields): string | null {
  try {
    return fastSealPayloadOf(fields);
  } catch {
    return null; // malformed fields (or no fields at all): nothing was signed over them
  }
}

/** UTF-8 of each string, end to end, in one fresh buffer (never Node's shared pool, so it can be transferred). */
function packUtf8(texts: readonly string[]): { bytes: Uint8Array; ends: Uint32Array } {
  const ends = new Uint32Array(texts.length);
  let total = 0;
  for (let i = 0; i < texts.length; i++) {
    total += Buffer.byteLength(texts[i], 'utf8');
    ends[i] = total;
  }
  const bytes = new Uint8Array(total);
  const writer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < texts.length; i++) writer.write(texts[i], i === 0 ? 0 : ends[i - 1], 'utf8');
  return { bytes, ends };
}

/** Concatenates into one fresh buffer (never Node's shared pool, so it can be transferred). */
function pack(parts: readonly Uint8Array[]): { bytes: Uint8Array; ends: Uint32Array } {
  const ends = new Uint32Array(parts.length);
  let total = 0;
  for (let i = 0; i < parts.length; i++) {
    total += parts[i].length;
    ends[i] = total;
  }
  const bytes = new Uint8Array(total);
  for (let i = 0; i < parts.length; i++) bytes.set(parts[i], ends[i] - parts[i].length);
  return { bytes, ends };
}
