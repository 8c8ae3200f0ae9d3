import { Injectable, Logger } from '@nestjs/common';
import { hashPassword, OfficerPrincipal } from '@app/auth';
import { BureauUserEntity } from '@app/database';
import { assertBureauCode, ConflictError } from '@app/domain';
import { BureausService } from '../bureaus/bureaus.service';
import { CreateUserDto, UserDto } from './dto/create-user.dto';
import { UsersRepository } from './users.repository';

export function toUserDto(u: BureauUserEntity): UserDto {
  return {
    id: u.id,
    username: u.username,
    bureauCode: u.bureauCode,
    role: u.role,
    createdAt: u.createdAt.toISOString(),
  };
}

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly bureaus: BureausService,
  ) {}

  /** An admin creates officers in its own subtree only; any bureau outside it "does not exist". */
  async create(admin: OfficerPrincipal, dto: CreateUserDto): Promise<UserDto> {
    const bureauCode = assertBureauCode(dto.bureauCode);
    await this.bureaus.getVisible(admin, bureauCode);
    const created = await this.users.insertIfAbsent({
      username: dto.username,
      passwordHash: await hashPassword(dto.password),
      bureauCode,
      role: dto.role,
      createdBy: admin.userId,
    });
    if (!created)
      throw new ConflictError('USERNAME_TAKEN', `The username ${dto.username} is already in use.`);
    this.logger.log({ userId: created.id, bureauCode, role: dto.role, by: admin.userId }, 'officer created');
    return toUserDto(created);
  }

  async me(officer: OfficerPrincipal): Promise<UserDto> {
    const user = await this.users.findById(officer.userId);
    if (!user) throw new ConflictError('USER_GONE', 'This officer account no longer exists.');
    return toUserDto(user);
  }
}
