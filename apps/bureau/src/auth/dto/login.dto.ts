import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username!: string;

  @ApiProperty({ example: 'jinshui-admin-dev' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password!: string;
}

export class AccessTokenDto {
  @ApiProperty({ description: 'Bearer JWT carrying the bureau code and role' })
  accessToken!: string;

  @ApiProperty({ example: 900, description: 'Seconds until the token expires' })
  expiresIn!: number;
}
