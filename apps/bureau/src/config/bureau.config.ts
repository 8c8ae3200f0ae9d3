import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { DEVELOPMENT_IDENTITY_KEY } from '@app/domain';
import { OfficerAuthConfig } from '@app/auth';
import { CrossChecked } from '@app/platform';

const DEV_JWT_SECRET = 'development-only-jwt-secret-do-not-use-in-production';
const DEV_ADMIN_PASSWORD = 'jinshui-admin-dev';

/** Settings of the bureau app. Secrets have development defaults that production refuses. */
export class BureauConfig extends OfficerAuthConfig implements CrossChecked {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  BUREAU_PORT = 3004;

  /** HS256 key for officer tokens (secret). */
  @IsString()
  @MinLength(32)
  JWT_SECRET = DEV_JWT_SECRET;

  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(24 * 3600)
  JWT_TTL_SECONDS = 900;

  /**
   * Key of the HMAC-SHA256 under which identity numbers (and bank accounts) of taxpayers'
   * controlling parties are stored, never in clear (secret; docs/trade-graph.md). Changing it
   * makes the stored digests unmatchable: set it once per installation.
   */
  @IsString()
  @MinLength(32)
  IDENTITY_HMAC_KEY = DEVELOPMENT_IDENTITY_KEY;

  /** The first national admin, created at start if no user has this name. */
  @Matches(/^[a-z0-9._-]{3,64}$/)
  ADMIN_USERNAME = 'admin';

  /** Secret. */
  @IsString()
  @MinLength(12)
  ADMIN_PASSWORD = DEV_ADMIN_PASSWORD;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 365)
  ENROLLMENT_TOKEN_TTL_HOURS = 24 * 30;

  /**
   * Days an unanswered, overdue assist request (协查) waits at each tier before it climbs
   * to the next, up to the national tier (assistEscalationLevel in @app/domain).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  ASSIST_ESCALATION_DAYS = 15;

  get port(): number {
    return this.BUREAU_PORT;
  }

  crossCheck(): string[] {
    if (this.NODE_ENV !== 'production') return [];
    const problems: string[] = [];
    if (this.JWT_SECRET === DEV_JWT_SECRET)
      problems.push('JWT_SECRET: set a secret of your own in production');
    if (this.IDENTITY_HMAC_KEY === DEVELOPMENT_IDENTITY_KEY)
      problems.push('IDENTITY_HMAC_KEY: set a key of your own in production');
    if (this.ADMIN_PASSWORD === DEV_ADMIN_PASSWORD)
      problems.push('ADMIN_PASSWORD: set a password of your own in production');
    return problems;
  }
}
