// Seal checks for SealVerifierPool, one worker thread each, and the same checks in-process
// for verifySealBatchInline. Plain CommonJS so one file runs under ts-jest and from
// dist/ unchanged (scripts/build.js copies *.worker.js). It knows nothing about the
// payload format: the main thread builds the canonical payload bytes and decodes the
// base64 with the lib's own TypeScript code, so there is exactly one canonical form.
// Types: seal-verifier.worker.d.ts.
'use strict';
const { constants, createPublicKey, verify, X509Certificate } = require('node:crypto');
const { parentPort, workerData } = require('node:worker_threads');

const SEAL_VERIFIER_ROLE = 'seal-verifier';
// A bulk file has a few sellers and many rows; the bound only stops a file of all-distinct
// keys from growing the cache without limit.
const KEY_CACHE_LIMIT = 4096;

/** pem → RSA public key (or null for anything unusable), parsed once per distinct PEM. */
function createSealKeyCache(limit = KEY_CACHE_LIMIT) {
  const keys = new Map();
  return function keyFor(pem) {
    let key = keys.get(pem);
    if (key === undefined) {
      key = readRsaKey(pem);
      if (keys.size >= limit) keys.clear();
      keys.set(pem, key);
    }
    return key;
  };
}

// Same reading as keyOf + the RSA check in seal.ts verifySeal.
function readRsaKey(pem) {
  try {
    const key = pem.includes('-----BEGIN CERTIFICATE-----')
      ? new X509Certificate(pem).publicKey
      : createPublicKey(pem);
    return key.asymmetricKeyType === 'rsa' ? { key, padding: constants.RSA_PKCS1_PADDING } : null;
  } catch {
    return null;
  }
}

/** RSASSA-PKCS1-v1_5/SHA-256 over each prepared row; 1 where the signature is valid. */
function verifyChunk(chunk, keyFor) {
  const { pems, keyIndexes, payloads, payloadEnds, signatures, signatureEnds } = chunk;
  const keys = pems.map(keyFor);
  const results = new Uint8Array(keyIndexes.length);
  let payloadStart = 0;
  let signatureStart = 0;
  for (let i = 0; i < keyIndexes.length; i++) {
    const key = keys[keyIndexes[i]];
    const payload = payloads.subarray(payloadStart, payloadEnds[i]);
    const signature = signatures.subarray(signatureStart, signatureEnds[i]);
    payloadStart = payloadEnds[i];
    signatureStart = signatureEnds[i];
    results[i] = key !== null && verifyQuietly(payload, key, signature) ? 1 : 0;
  }
  return results;
}

function verifyQuietly(payload, key, signature) {
  try {
    return verify('sha256', payload, key, signature);
  } catch {
    return false;
  }
}

// Protocol: { id, chunk } → { id, results } (results transferred). The only other
// message is { crash: true }, a test hook honoured only when the pool was built with
// testHooks: the worker throws, as a bug or an abort in OpenSSL would kill it.
function serve(port, testHooks) {
  const keyFor = createSealKeyCache();
  port.on('message', (message) => {
    if (message.crash === true) {
      if (testHooks) throw new Error('seal verifier worker crashed (test hook)');
      return;
    }
    const results = verifyChunk(message.chunk, keyFor);
    port.postMessage({ id: message.id, results }, [results.buffer]);
  });
}

if (parentPort && workerData && workerData.role === SEAL_VERIFIER_ROLE) {
  serve(parentPort, workerData.testHooks === true);
}

module.exports = { SEAL_VERIFIER_ROLE, createSealKeyCache, verifyChunk };
