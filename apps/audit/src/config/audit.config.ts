import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { HttpAppConfig } from '@app/platform';

/** Settings of the audit app. */
export class AuditConfig extends HttpAppConfig {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  AUDIT_PORT = 3003;

  get port(): number {
    return this.AUDIT_PORT;
  }
}
