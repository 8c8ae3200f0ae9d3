import { Module } from '@nestjs/common';
import { PkiRepository } from '@app/database';
import { KeyVault } from '@app/pki';
import { CertificateAuthorityService } from './certificate-authority.service';
import { keyVaultProvider } from './key-vault-provider';
import { PkiController } from './pki.controller';
import { SigningKeyCache } from './signing-key-cache';

@Module({
  controllers: [PkiController],
  providers: [keyVaultProvider, PkiRepository, CertificateAuthorityService, SigningKeyCache],
  exports: [KeyVault, PkiRepository, CertificateAuthorityService, SigningKeyCache],
})
export class PkiModule {}
