import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { hashPassword, OfficerAuthGuard, OfficerPrincipal } from '@app/auth';
import { BureauUserEntity } from '@app/database';
import { assertBureauCode, assertMayDisable, ConflictError, isUuid, NotFoundError } from '@app/domain';
import { decodeCursor, Page, toPage } from '@app/platform';
import { BureausService } from '../bureaus/bureaus.service';
import { CreateUserDto, ListUsersQuery, UserDto } from './dto/user.dto';
import { UsersRepository } from './users.repository';

export function toUserDto(u: BureauUserEntity): UserDto {
  return {
    id: u.id,
    username: u.username,
    bureauCode: u.bureauCode,
    role: u.role,
    createdAt: u.createdAt.toISOString(),
    disabledAt: u.disabledAt?.toISOString() ?? null,
  };
}

const isUsernameCursor = (v: unknown): v is { username: string } =>
  typeof (v as { username?: unknown })?.username === 'string';

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersRepository,
    private readonly bureaus: BureausService,
    private readonly guard: OfficerAuthGuard,
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

  /** The officers of the admin's subtree (or of a bureau within it), by username. */
  async list(admin: OfficerPrincipal, query: ListUsersQuery): Promise<Page<UserDto>> {
    const root = query.bureauCode
      ? (await this.bureaus.getVisible(admin, assertBureauCode(query.bureauCode))).code
      : admin.bureauCode;
    const { scopePrefix } = new OfficerPrincipal(admin.userId, admin.username, root, admin.role);
    const rows = await this.users.list({
      scopePrefix,
      status: query.status,
      afterUsername: query.cursor ? decodeCursor(query.cursor, isUsernameCursor).username : undefined,
      limit: query.limit,
    });
    return toPage(rows, query.limit, toUserDto, (u) => ({ username: u.username }));
  }

  /**
   * Disables an officer of the admin's subtree (ADR 0018): it can no longer log in, and its
   * tokens are refused at once in this process and within OFFICER_STATUS_CACHE_MS elsewhere.
   */
  async disable(admin: OfficerPrincipal, id: string): Promise<UserDto> {
    const user = await this.changeAccount(admin, id, async (m, target) => {
      assertMayDisable(
        admin.userId,
        { ...target, disabled: target.disabledAt !== null },
        await this.users.countEnabledNationalAdmins(m),
      );
      await this.users.disable(m, target.id, admin.userId);
    });
    this.logger.log({ userId: id, by: admin.userId }, 'officer disabled');
    return user;
  }

  /** Enables an officer again; tokens issued before its disable stay refused (it logs in anew). */
  async enable(admin: OfficerPrincipal, id: string): Promise<UserDto> {
    const user = await this.changeAccount(admin, id, (m, target) => this.users.enable(m, target.id));
    this.logger.log({ userId: id, by: admin.userId }, 'officer enabled');
    return user;
  }

  private async changeAccount(
    admin: OfficerPrincipal,
    id: string,
    change: (m: EntityManager, target: BureauUserEntity) => Promise<void>,
  ): Promise<UserDto> {
    const user = await this.db.transaction(async (m) => {
      await this.users.lockLifecycle(m);
      const target = isUuid(id) ? await this.users.findById(id, m) : null;
      // Outside the subtree is answered like a missing officer (DESIGN §10).
      if (!target || !admin.covers(target.bureauCode)) {
        throw new NotFoundError('USER_NOT_FOUND', `No officer ${id} in your jurisdiction.`);
      }
      await change(m, target);
      return (await this.users.findById(id, m))!;
    });
    this.guard.forget(id);
    return toUserDto(user);
  }
}
