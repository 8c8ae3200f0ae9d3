import { ApiProperty } from '@nestjs/swagger';

/** An API key as its owner sees it: never the key itself. */
export class ApiKeyDto {
  @ApiProperty() id!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) revokedAt!: string | null;
}

export class NewApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'Shown once; only its hash is stored' }) apiKey!: string;
}
