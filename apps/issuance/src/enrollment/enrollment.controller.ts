import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from '@app/platform';
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
      'With a CSR the enterprise keeps its own key (offline sealing); without, the service keeps it.',
  })
  @ApiCreatedResponse({ type: EnrollmentDto })
  @ApiUnauthorizedResponse({ description: 'ENROLLMENT_TOKEN_INVALID, ENROLLMENT_TOKEN_EXPIRED' })
  enroll(@Body() dto: EnrollDto): Promise<EnrollmentDto> {
    return this.enrollment.enroll(dto);
  }
}
