import { Idempotent } from '@app/idempotency';
import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOfficer, OfficerPrincipal, Roles } from '@app/auth';
import { CreateUserDto, UserDto } from './dto/create-user.dto';
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
  create(@CurrentOfficer() admin: OfficerPrincipal, @Body() dto: CreateUserDto): Promise<UserDto> {
    return this.users.create(admin, dto);
  }

  @Get('me')
  @ApiOperation({ summary: 'The logged-in officer' })
  @ApiOkResponse({ type: UserDto })
  me(@CurrentOfficer() officer: OfficerPrincipal): Promise<UserDto> {
    return this.users.me(officer);
  }
}
