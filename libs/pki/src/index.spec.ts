import * as pki from './index';

describe('@app/pki public surface', () => {
  it('exports exactly the public API', () => {
    expect(Object.keys(pki).sort()).toEqual(
      [
        'KeyVault',
        'PKI_ORGANIZATION',
        'PkiError',
        'RSA_KEY_BITS',
        'SEAL_PAYLOAD_VERSION',
        'SealVerifierPool',
        'canonicalJsonOf',
        'certificateInfo',
        'checkCodeOf',
        'contentHashOf',
        'createIssuingCa',
        'createRootCa',
        'fastSealPayloadOf',
        'generateRsaKeyPair',
        'isAcceptedRsaKey',
        'issueDeviceCertificate',
        'parseMasterKeys',
        'publicKeyOf',
        'sealDocument',
        'sealOfflineCopy',
        'sealPayloadOf',
        'signSeal',
        'signSealWithForge',
        'verifyCertificateChain',
        'verifyDeviceCsr',
        'verifySeal',
        'verifySealBatchInline',
      ].sort(),
    );
  });
});
