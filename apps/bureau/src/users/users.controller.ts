import { Idempotent } from '@app/idempotency';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOfficer, OfficerPrincipal, Roles } from '@app/auth';
import { ApiErrors, Page } from '@app/platform';
import { CreateUserDto, ListUsersQuery, UserDto, UserPageDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Idempotent()
  @Roles('admin')
  @ApiOperation({ summary: "Create an officer in a bureau of the admin's subtree" })
  @ApiCreatedResponse({ type: UserDto })
  @ApiErrors('BUREAU_CODE_INVALID', 'BUREAU_NOT_FOUND', 'USERNAME_TAKEN')
  create(@CurrentOfficer() admin: OfficerPrincipal, @Body() dto: CreateUserDto): Promise<UserDto> {
    return this.users.create(admin, dto);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: "The officers of the admin's subtree, ordered by username (cursor pages)" })
  @ApiOkResponse({ type: UserPageDto })
  @ApiErrors('BUREAU_CODE_INVALID', 'BUREAU_NOT_FOUND', 'CURSOR_INVALID')
  list(@CurrentOfficer() admin: OfficerPrincipal, @Query() query: ListUsersQuery): Promise<Page<UserDto>> {
    return this.users.list(admin, query);
  }

  @Get('me')
  @ApiOperation({ summary: 'The logged-in officer' })
  @ApiOkResponse({ type: UserDto })
  @ApiErrors('USER_GONE')
  me(@CurrentOfficer() officer: OfficerPrincipal): Promise<UserDto> {
    return this.users.me(officer);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: "Disable an officer of the admin's subtree: no login, its tokens refused within 10 s everywhere",
    description:
      'Disabling an account that is already disabled changes nothing. Tokens issued before the disable ' +
      'stay refused after an enable. 404 USER_NOT_FOUND also for an officer outside your subtree.',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiErrors('USER_NOT_FOUND', 'CANNOT_DISABLE_SELF', 'LAST_NATIONAL_ADMIN')
  disable(@CurrentOfficer() admin: OfficerPrincipal, @Param('id') id: string): Promise<UserDto> {
    return this.users.disable(admin, id);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: "Enable an officer of the admin's subtree again; it logs in anew (older tokens stay refused)",
  })
  @ApiOkResponse({ type: UserDto })
  @ApiErrors('USER_NOT_FOUND')
  enable(@CurrentOfficer() admin: OfficerPrincipal, @Param('id') id: string): Promise<UserDto> {
    return this.users.enable(admin, id);
  }
}
