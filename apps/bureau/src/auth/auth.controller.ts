import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Public } from '@app/auth';
import { ClientIp } from '@app/platform';
import { AuthService } from './auth.service';
import { AccessTokenDto, LoginDto } from './dto/login.dto';

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Officer login: a short-lived JWT with the bureau code and role' })
  @ApiOkResponse({ type: AccessTokenDto })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS (no hint whether the user exists)' })
  @ApiForbiddenResponse({ description: 'OFFICER_DISABLED (only after the right password)' })
  @ApiTooManyRequestsResponse({
    description:
      'LOGIN_LOCKED: this username had too many failed logins (also for the right password); ' +
      'AUTH_FAILURES_LIMITED: too many failed credentials from your address; RATE_LIMITED: too many ' +
      'requests from your address. Retry-After says when to try again.',
  })
  login(@Body() dto: LoginDto, @ClientIp() clientIp: string): Promise<AccessTokenDto> {
    return this.auth.login(dto, clientIp);
  }
}
