import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TaxpayerEntity } from '@app/database';

/** The enrollment token columns of registry.taxpayers. */
@Injectable()
export class EnrollmentTokensRepository {
  /** Stores the hash of a new token in place of any earlier one, in the caller's transaction. */
  async replace(manager: EntityManager, taxId: string, hash: Buffer, expiresAt: Date): Promise<void> {
    await manager
      .getRepository(TaxpayerEntity)
      .update({ taxId }, { enrollmentTokenHash: hash, enrollmentTokenExpiresAt: expiresAt });
  }
}
