import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { HttpAppConfig } from '@app/platform';

/** Settings of the issuance app. */
export class IssuanceConfig extends HttpAppConfig {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  ISSUANCE_PORT = 3001;

  get port(): number {
    return this.ISSUANCE_PORT;
  }
}
