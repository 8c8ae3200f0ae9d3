import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ClientIp, Public } from '@app/platform';
import { EnrollDto, EnrollmentDto } from './dto/enrollment.dto';
import { EnrollmentService } from './enrollment.service';

@ApiTags('enrollment')
@Controller('v1/enrollment')
export class EnrollmentController {
  constructor(private readonly enrollment: EnrollmentService) {}

  @Public()
  @Post()
  @ApiOperation({
    summary: 'Exchange the one-time enrollment token for a device certificate and an API key',
    description:
      'With a CSR the enterprise keeps its own key (offline sealing); without, the service keeps it. ' +
      'Too many wrong enrollment tokens from your address: 429 AUTH_FAILURES_LIMITED.',
  })
  @ApiCreatedResponse({ type: EnrollmentDto })
  @ApiErrors(
    'ENROLLMENT_TOKEN_INVALID',
    'ENROLLMENT_TOKEN_EXPIRED',
    'AUTH_FAILURES_LIMITED',
    'TAXPAYER_NOT_NORMAL',
    'CSR_INVALID',
    'CSR_KEY_UNSUPPORTED',
    'CSR_SIGNATURE_INVALID',
    'CSR_SUBJECT_MISMATCH',
  )
  enroll(@Body() dto: EnrollDto, @ClientIp() clientIp: string): Promise<EnrollmentDto> {
    return this.enrollment.enroll(dto, clientIp);
  }
}
