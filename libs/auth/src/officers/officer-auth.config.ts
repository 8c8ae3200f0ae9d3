import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { HttpAppConfig } from '@app/platform';

/** Settings of an app that accepts officer tokens (the bureau app, the audit app's queue dashboard). */
export abstract class OfficerAuthConfig extends HttpAppConfig {
  /**
   * How long an officer's account status (active, disabled, deleted) is trusted without
   * asking Postgres again: the longest a disabled or deleted officer's token keeps working
   * in a process other than the one that disabled it. 0: ask on every request.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60_000)
  OFFICER_STATUS_CACHE_MS = 10_000;
}
