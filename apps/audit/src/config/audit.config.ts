import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { OfficerAuthConfig } from '@app/auth';
import { CrossChecked } from '@app/platform';

/** The bureau app's development default, so that a bureau token opens the dashboard locally. */
const DEV_JWT_SECRET = 'development-only-jwt-secret-do-not-use-in-production';

/**
 * Settings of the audit app (worker + scheduler). Secrets have development defaults that
 * production refuses.
 */
export class AuditConfig extends OfficerAuthConfig implements CrossChecked {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  AUDIT_PORT = 3003;

  /**
   * Partition jobs this process runs at once (each is one SQL statement on one connection);
   * 0: this process consumes no audit jobs (it only schedules and serves health/metrics).
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(64)
  AUDIT_CONCURRENCY = 2;

  /** A job whose worker stops renewing its lock for this long is given to another worker. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  AUDIT_JOB_LOCK_MS = 30_000;

  /** Whether this process registers the nightly repeatable job (any number may: it is idempotent). */
  @Type(() => Number)
  @IsInt()
  @IsIn([0, 1])
  AUDIT_NIGHTLY = 1;

  /** When the nightly run starts (cron, in AUDIT_NIGHTLY_TZ). */
  @IsString()
  @Matches(/^(\S+\s+){4}\S+$/, { message: 'AUDIT_NIGHTLY_CRON must be a 5-field cron pattern' })
  AUDIT_NIGHTLY_CRON = '0 2 * * *';

  @IsString()
  AUDIT_NIGHTLY_TZ = 'Asia/Shanghai';

  /** 票表比对 tolerance of nightly runs, in yuan. */
  @Matches(/^\d{1,12}(\.\d{1,2})?$/, { message: 'AUDIT_DECLARATION_TOLERANCE must be a decimal amount' })
  AUDIT_DECLARATION_TOLERANCE = '10.00';

  /** Days an assist request opened by a nightly run has before it is overdue. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  AUDIT_ASSIST_DUE_DAYS = 30;

  /**
   * How often the audit worker reconciles bull with Postgres: runs that have not moved for
   * this long get their missing partition or finalisation jobs again (never enqueued, or
   * lost by Redis), and the nightly schedule is registered again (AUDIT_NIGHTLY=1).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  AUDIT_SWEEP_INTERVAL_MS = 60_000;

  /**
   * HS256 key of the bureau's officer tokens (secret): the same value as the bureau app's
   * JWT_SECRET. Only verified here (the queue dashboard, for admins); never signed with.
   */
  @IsString()
  @MinLength(32)
  JWT_SECRET = DEV_JWT_SECRET;

  get port(): number {
    return this.AUDIT_PORT;
  }

  crossCheck(): string[] {
    if (this.NODE_ENV !== 'production') return [];
    return this.JWT_SECRET === DEV_JWT_SECRET ? ['JWT_SECRET: set a secret of your own in production'] : [];
  }
}
