import { CertificateAuthorityEntity, DeviceCertificateEntity, RevocationEntity } from './pki';
import {
  BureauEntity,
  NumberRangeEntity,
  BureauUserEntity,
  TaxIdOverrideEntity,
  TaxpayerEntity,
  TaxpayerStatusChangeEntity,
} from './registry';

/** Every entity of every context; one list so that apps, CLI and tests agree. */
export const ENTITIES = [
  BureauEntity,
  BureauUserEntity,
  TaxpayerEntity,
  TaxpayerStatusChangeEntity,
  TaxIdOverrideEntity,
  NumberRangeEntity,
  CertificateAuthorityEntity,
  DeviceCertificateEntity,
  RevocationEntity,
];
