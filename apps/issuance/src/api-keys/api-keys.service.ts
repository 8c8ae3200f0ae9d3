import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  ApiKeyRepository,
  EnterpriseAuthGuard,
  EnterprisePrincipal,
  generateApiKey,
  hashApiKey,
} from '@app/auth';
import { isUuid, NotFoundError } from '@app/domain';
import { ApiKeyDto, NewApiKeyDto } from './dto/api-key.dto';

/** API keys are random, shown once, stored hashed and revocable (DESIGN §8). */
@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger(ApiKeysService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly keys: ApiKeyRepository,
    private readonly guard: EnterpriseAuthGuard,
  ) {}

  async list(enterprise: EnterprisePrincipal): Promise<ApiKeyDto[]> {
    return (await this.keys.list(enterprise.taxId)).map((k) => ({
      id: k.id,
      createdAt: k.createdAt.toISOString(),
      revokedAt: k.revokedAt?.toISOString() ?? null,
    }));
  }

  async create(enterprise: EnterprisePrincipal): Promise<NewApiKeyDto> {
    const apiKey = generateApiKey();
    const id = await this.keys.insert(this.db.manager, enterprise.taxId, hashApiKey(apiKey));
    this.logger.log({ taxId: enterprise.taxId, apiKeyId: id }, 'API key created');
    const created = (await this.list(enterprise)).find((k) => k.id === id)!;
    return { ...created, apiKey };
  }

  async revoke(enterprise: EnterprisePrincipal, id: string): Promise<ApiKeyDto> {
    const hash = isUuid(id) ? await this.keys.revoke(enterprise.taxId, id) : null;
    if (!hash) throw new NotFoundError('API_KEY_NOT_FOUND', `No API key ${id} of yours.`);
    this.guard.forget(hash);
    this.logger.log({ taxId: enterprise.taxId, apiKeyId: id }, 'API key revoked');
    return (await this.list(enterprise)).find((k) => k.id === id)!;
  }
}
