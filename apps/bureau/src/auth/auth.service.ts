import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DECOY_PASSWORD_HASH, OfficerClaims, verifyPassword } from '@app/auth';
import { ForbiddenError, UnauthenticatedError } from '@app/domain';
import { CredentialFailureLimiter } from '@app/platform';
import { BureauConfig } from '../config/bureau.config';
import { UsersRepository } from '../users/users.repository';
import { AccessTokenDto, LoginDto } from './dto/login.dto';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly jwt: JwtService,
    private readonly failures: CredentialFailureLimiter,
    private readonly config: BureauConfig,
  ) {}

  /**
   * One answer for an unknown user and a wrong password, and the same scrypt work for
   * both, so that neither the body nor the timing tells whether a username exists.
   *
   * Guessing is limited (ADR 0017): a username with LOGIN_FAILURES_PER_USERNAME failures
   * in the window is locked (429 LOGIN_LOCKED, whatever the password), and a client IP
   * with AUTH_FAILURES_PER_IP failures gets 429 AUTH_FAILURES_LIMITED; both are checked
   * before the password. A correct password clears its username's count. Only then is a
   * disabled account told so (403 OFFICER_DISABLED): a guesser learns nothing from it.
   */
  async login(dto: LoginDto, clientIp: string): Promise<AccessTokenDto> {
    await this.failures.assertAllowed('login', clientIp, dto.username);
    const user = await this.users.findWithPasswordHash(dto.username);
    const ok = await verifyPassword(dto.password, user?.passwordHash ?? DECOY_PASSWORD_HASH);
    if (!user || !ok) {
      await this.failures.recordFailure('login', clientIp, dto.username);
      this.logger.warn({ username: dto.username }, 'login refused');
      throw new UnauthenticatedError('INVALID_CREDENTIALS', 'The username or password is wrong.');
    }
    await this.failures.recordSuccess(dto.username);
    if (user.disabledAt) {
      this.logger.warn({ userId: user.id }, 'login of a disabled officer refused');
      throw new ForbiddenError(
        'OFFICER_DISABLED',
        'This officer account is disabled; ask an admin of your bureau.',
      );
    }
    const claims: OfficerClaims = {
      sub: user.id,
      username: user.username,
      bureauCode: user.bureauCode,
      role: user.role,
      ver: user.tokenVersion,
    };
    return { accessToken: await this.jwt.signAsync(claims), expiresIn: this.config.JWT_TTL_SECONDS };
  }
}
