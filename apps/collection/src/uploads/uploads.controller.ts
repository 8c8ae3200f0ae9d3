import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentEnterprise, EnterprisePrincipal } from '@app/auth';
import { ApiErrors } from '@app/platform';
import { ResumedUploadDto, UploadDto, UploadQuery } from './dto/upload.dto';
import { UploadsService } from './uploads.service';

@ApiTags('uploads')
@ApiBearerAuth()
@Controller('v1/uploads')
export class UploadsController {
  constructor(private readonly uploads: UploadsService) {}

  @Post()
  @HttpCode(202)
  @ApiConsumes('text/csv', 'application/x-ndjson')
  @ApiOperation({
    summary: 'Upload a bulk file of claims, VAT returns or seller copies (streamed; any size)',
    description:
      'CSV headers are the snake_case of the JSON fields, e.g. for claims: invoice_code,invoice_number,issue_date,' +
      'seller_tax_id,amount,tax_amount,signature,content_hash. The body is streamed into staging, then validated and ' +
      'merged by a background job; poll GET /v1/uploads/{id}. The same file sent again returns the first upload.',
  })
  @ApiAcceptedResponse({ type: UploadDto })
  @ApiErrors(
    'UNSUPPORTED_MEDIA_TYPE',
    'PERIOD_INVALID',
    'PERIOD_REQUIRED',
    'CLAIMANT_NOT_GENERAL_TAXPAYER',
    'PAYLOAD_TOO_LARGE',
    'FILE_EMPTY',
    'FILE_ENCODING_INVALID',
    'CSV_HEADER_INVALID',
  )
  upload(
    @CurrentEnterprise() enterprise: EnterprisePrincipal,
    @Query() query: UploadQuery,
    @Req() req: FastifyRequest,
  ): Promise<UploadDto> {
    return this.uploads.upload(enterprise, query, req);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Progress and counts of an upload' })
  @ApiOkResponse({ type: UploadDto })
  @ApiErrors('UPLOAD_NOT_FOUND')
  status(@CurrentEnterprise() enterprise: EnterprisePrincipal, @Param('id') id: string): Promise<UploadDto> {
    return this.uploads.status(enterprise, id);
  }

  @Post(':id/resume')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Carry on an upload that stopped (its job was lost, e.g. when Redis restarted)',
    description:
      'Owner only; safe to repeat. An upload that is queued or processing, and that no worker is processing now, ' +
      'gets a new job; the worker resumes it where it stopped (no row stored twice). A completed upload is ' +
      'returned as it is (resume: completed). A failed upload is final: 409 UPLOAD_FAILED, send the file again. ' +
      'Upload workers also do this on their own every UPLOAD_SWEEP_INTERVAL_MS.',
  })
  @ApiAcceptedResponse({ type: ResumedUploadDto })
  @ApiErrors('UPLOAD_NOT_FOUND', 'UPLOAD_FAILED', 'UPLOAD_NOT_RECEIVED')
  resume(
    @CurrentEnterprise() enterprise: EnterprisePrincipal,
    @Param('id') id: string,
  ): Promise<ResumedUploadDto> {
    return this.uploads.resume(enterprise, id);
  }

  @Get(':id/errors')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: 'Refused rows as CSV: row_number,code,detail (format errors and rejected evidence)',
  })
  @ApiOkResponse({ schema: { type: 'string' } })
  @ApiErrors('UPLOAD_NOT_FOUND')
  async errors(
    @CurrentEnterprise() enterprise: EnterprisePrincipal,
    @Param('id') id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.uploads.errors(enterprise, id, reply);
  }
}
