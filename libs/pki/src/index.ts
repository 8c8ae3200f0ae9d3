// The only door into @app/pki: pure TypeScript over node:crypto and node-forge (no Nest, no TypeORM).
export { PkiError, type PkiErrorCode } from './pki.error';
export { KeyVault, parseMasterKeys, type SealedKey } from './key-vault';
export { RSA_KEY_BITS, generateRsaKeyPair, isAcceptedRsaKey, type RsaKeyPair } from './key-pair';
export {
  PKI_ORGANIZATION,
  createIssuingCa,
  createRootCa,
  issueDeviceCertificate,
  type DeviceCertificateOptions,
  type IssuingCaOptions,
  type RootCaOptions,
} from './certificate-authority';
export type { CaMaterial, CertificateValidity, IssuedCertificate } from './certificate-types';
export { verifyDeviceCsr, type VerifiedCsr } from './csr';
export {
  SEAL_PAYLOAD_VERSION,
  canonicalJsonOf,
  checkCodeOf,
  contentHashOf,
  sealDocument,
  sealPayloadOf,
  signSeal,
  signSealWithForge,
  verifySeal,
  type DocumentSeal,
  type SealFields,
} from './seal';
export { fastSealPayloadOf } from './fast-seal-payload';
export { verifySealBatchInline, type SealCheck } from './seal-batch';
export { SealVerifierPool, type SealVerifierPoolOptions } from './seal-verifier-pool';
export {
  certificateInfo,
  publicKeyOf,
  verifyCertificateChain,
  type CertificateInfo,
  type ChainFailureReason,
  type ChainVerification,
} from './chain';
export { sealOfflineCopy, type OfflineInvoiceDocument, type OfflineSealedCopy } from './offline-copy';
