import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { hashPassword } from '@app/auth';
import { NATIONAL_BUREAU_CODE } from '@app/domain';
import { BureauConfig } from '../config/bureau.config';
import { UsersRepository } from './users.repository';

/**
 * Creates the first national admin from ADMIN_USERNAME / ADMIN_PASSWORD when no user has
 * that name. An existing account is left alone, so a changed password is never reset.
 */
@Injectable()
export class NationalAdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(NationalAdminBootstrap.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly config: BureauConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const created = await this.users.insertIfAbsent({
      username: this.config.ADMIN_USERNAME,
      passwordHash: await hashPassword(this.config.ADMIN_PASSWORD),
      bureauCode: NATIONAL_BUREAU_CODE,
      role: 'admin',
      createdBy: null,
    });
    if (created) this.logger.log({ username: created.username }, 'national admin created');
  }
}
