import { Provider } from '@nestjs/common';
import { KeyVault, parseMasterKeys } from '@app/pki';
import { IssuanceConfig } from '../config/issuance.config';

/** The vault that encrypts CA and device private keys at rest, from PKI_MASTER_KEYS. */
export const keyVaultProvider: Provider = {
  provide: KeyVault,
  inject: [IssuanceConfig],
  useFactory: (config: IssuanceConfig) => {
    const keys = parseMasterKeys(config.PKI_MASTER_KEYS);
    return new KeyVault(keys, config.PKI_CURRENT_KEY_VERSION ?? Math.max(...keys.keys()));
  },
};
