import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/auth';
import { ApiErrors, ClientIp } from '@app/platform';
import { AuthService } from './auth.service';
import { AccessTokenDto, LoginDto } from './dto/login.dto';

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Officer login: a short-lived JWT with the bureau code and role',
    description:
      'A wrong username or password is 401 INVALID_CREDENTIALS (no hint whether the user exists); a ' +
      'disabled account is 403 OFFICER_DISABLED, only after the right password. 429 LOGIN_LOCKED: this ' +
      'username had too many failed logins (also for the right password); AUTH_FAILURES_LIMITED: too many ' +
      'failed credentials from your address. Retry-After says when to try again.',
  })
  @ApiOkResponse({ type: AccessTokenDto })
  @ApiErrors(
    'INVALID_CREDENTIALS',
    ['OFFICER_DISABLED', 'forbidden'],
    'LOGIN_LOCKED',
    'AUTH_FAILURES_LIMITED',
  )
  login(@Body() dto: LoginDto, @ClientIp() clientIp: string): Promise<AccessTokenDto> {
    return this.auth.login(dto, clientIp);
  }
}
