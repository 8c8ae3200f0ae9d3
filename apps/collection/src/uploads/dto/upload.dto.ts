import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { UPLOAD_KINDS } from '../upload-kinds';
import type { UploadKind } from '../upload-kinds';

export class UploadQuery {
  @ApiProperty({ enum: UPLOAD_KINDS }) @IsIn(UPLOAD_KINDS) kind!: UploadKind;

  @ApiPropertyOptional({ example: '2026-11', description: 'Required for claims (the deduction period)' })
  @IsOptional()
  @IsString()
  period?: string;
}

export class UploadDto {
  @ApiProperty() uploadId!: string;
  @ApiProperty({ enum: ['claims', 'returns', 'seller-copies'] }) kind!: string;
  @ApiProperty({ nullable: true, type: String }) period!: string | null;
  @ApiProperty({ enum: ['queued', 'processing', 'completed', 'failed'] }) status!: string;
  @ApiProperty({ nullable: true, type: String, description: 'validated, sealed, merging, completed' })
  phase!: string | null;
  @ApiProperty({ description: 'Data rows in the file' }) rowsTotal!: number;
  @ApiProperty() rowsAccepted!: number;
  @ApiProperty({ description: 'Rows with a format error, plus rows judged and kept as rejected' })
  rowsRejected!: number;
  @ApiProperty({ description: '0-100' }) progress!: number;
  @ApiProperty({ description: 'True when this exact file was already uploaded: this is that upload' })
  duplicate!: boolean;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) completedAt!: string | null;
}

/** `POST /v1/uploads/{id}/resume`: the upload, and what resuming it did. */
export class ResumedUploadDto extends UploadDto {
  @ApiProperty({
    enum: ['requeued', 'queued', 'processing', 'completed'],
    description:
      'requeued: its job was lost (e.g. Redis restarted) or had ended, and a new one is queued; queued: a job ' +
      'is already waiting to run it; processing: a worker is processing it now; completed: nothing left to do',
  })
  resume!: 'requeued' | 'queued' | 'processing' | 'completed';
}
