import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { OFFICER_ROLES } from '@app/auth';
import type { OfficerRole } from '@app/auth';
import { PageQuery } from '@app/platform';

const ACCOUNT_STATUSES = ['active', 'disabled'] as const;

export class CreateUserDto {
  @ApiProperty({ example: 'gz.tianhe.reviewer', pattern: '^[a-z0-9._-]{3,64}$' })
  @Matches(/^[a-z0-9._-]{3,64}$/, {
    message: 'username must be 3-64 characters of a-z, 0-9, ".", "_" or "-"',
  })
  username!: string;

  @ApiProperty({ minLength: 12, example: 'a long passphrase' })
  @IsString()
  @MinLength(12)
  @MaxLength(256)
  password!: string;

  @ApiProperty({ example: '14401060000' })
  @IsString()
  bureauCode!: string;

  @ApiProperty({ enum: OFFICER_ROLES })
  @IsIn(OFFICER_ROLES)
  role!: OfficerRole;
}

export class UserDto {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() bureauCode!: string;
  @ApiProperty({ enum: OFFICER_ROLES }) role!: OfficerRole;
  @ApiProperty() createdAt!: string;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'When the account was disabled (no login, its tokens refused); null while enabled',
  })
  disabledAt!: string | null;
}

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Subtree to list (default: your own bureau)' })
  @IsOptional()
  @IsString()
  bureauCode?: string;

  @ApiPropertyOptional({ enum: ACCOUNT_STATUSES })
  @IsOptional()
  @IsIn(ACCOUNT_STATUSES)
  status?: (typeof ACCOUNT_STATUSES)[number];
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) items!: UserDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
