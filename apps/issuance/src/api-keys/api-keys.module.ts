import { Module } from '@nestjs/common';
import { EnterpriseAuthModule } from '@app/auth';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';

@Module({ imports: [EnterpriseAuthModule], controllers: [ApiKeysController], providers: [ApiKeysService] })
export class ApiKeysModule {}
