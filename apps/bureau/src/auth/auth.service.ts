import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DECOY_PASSWORD_HASH, OfficerClaims, verifyPassword } from '@app/auth';
import { UnauthenticatedError } from '@app/domain';
import { BureauConfig } from '../config/bureau.config';
import { UsersRepository } from '../users/users.repository';
import { AccessTokenDto, LoginDto } from './dto/login.dto';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly jwt: JwtService,
    private readonly config: BureauConfig,
  ) {}

  /**
   * One answer for an unknown user and a wrong password, and the same scrypt work for
   * both, so that neither the body nor the timing tells whether a username exists.
   */
  async login(dto: LoginDto): Promise<AccessTokenDto> {
    const user = await this.users.findWithPasswordHash(dto.username);
    const ok = await verifyPassword(dto.password, user?.passwordHash ?? DECOY_PASSWORD_HASH);
    if (!user || !ok) {
      this.logger.warn({ username: dto.username }, 'login refused');
      throw new UnauthenticatedError('INVALID_CREDENTIALS', 'The username or password is wrong.');
    }
    const claims: OfficerClaims = {
      sub: user.id,
      username: user.username,
      bureauCode: user.bureauCode,
      role: user.role,
    };
    return { accessToken: await this.jwt.signAsync(claims), expiresIn: this.config.JWT_TTL_SECONDS };
  }
}
