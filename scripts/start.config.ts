import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { BaseConfig } from '@app/platform';

/** Settings of `npm start` (scripts/start.ts): the shared ones, and how it restarts a crashed app. */
export class StartConfig extends BaseConfig {
  /** Wait before restarting an app that exited; doubles with each crash in a row. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(600_000)
  SUPERVISOR_RESTART_DELAY_MS = 1_000;

  /** The longest wait between two restarts of an app that keeps crashing. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  SUPERVISOR_RESTART_MAX_DELAY_MS = 30_000;

  /** An app that stayed up this long before it exited is restarted after the first wait again. */
  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  @Max(86_400_000)
  SUPERVISOR_RESTART_RESET_MS = 60_000;
}
