import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { CrossChecked, HttpAppConfig } from '@app/platform';

/** A development-only master key (32 bytes of ASCII); production refuses it. */
const DEV_MASTER_KEYS = '1:amluc2h1aS1kZXYtb25seS1tYXN0ZXIta2V5LTAwMDE=';

/** Settings of the issuance app. */
export class IssuanceConfig extends HttpAppConfig implements CrossChecked {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  ISSUANCE_PORT = 3001;

  /**
   * AES-256-GCM master keys for private keys at rest, `version:base64` comma-separated
   * (secret). Old versions stay listed so that keys sealed under them still open.
   */
  @Matches(/^\d+:[A-Za-z0-9+/=]+(,\d+:[A-Za-z0-9+/=]+)*$/, {
    message: 'PKI_MASTER_KEYS must be version:base64key pairs separated by commas',
  })
  PKI_MASTER_KEYS = DEV_MASTER_KEYS;

  /** Version that seals new keys; defaults to the highest listed. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  PKI_CURRENT_KEY_VERSION?: number;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10)
  DEVICE_CERT_VALID_YEARS = 3;

  /**
   * Anonymous checks (查验 allows 5) of one invoice by one client address per Beijing
   * calendar day. The invoice's seller and buyer, with their API key, have no such limit.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  VERIFY_DAILY_LIMIT = 5;

  /** Anonymous checks matching no invoice that one client address may make per window. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  VERIFY_MISSES_PER_IP = 20;

  /** The window of VERIFY_MISSES_PER_IP, in seconds; also the longest a client waits. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 3600)
  VERIFY_MISS_WINDOW_SECONDS = 3600;

  /**
   * Group commit (ADR 0013): at most this many concurrent blue-invoice requests of one
   * process share one transaction. 1 turns batching off: one transaction per invoice.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(256)
  ISSUE_BATCH_MAX = 32;

  /**
   * Batch transactions one process runs at the same time; requests queue behind them. One
   * by default: the waiting requests then share the next transaction, and at 1,200
   * invoices/s Postgres spent 0.22-0.26 ms per invoice instead of 0.33 with two (ADR 0013).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(16)
  ISSUE_BATCH_CONCURRENCY = 1;

  get port(): number {
    return this.ISSUANCE_PORT;
  }

  crossCheck(): string[] {
    return this.NODE_ENV === 'production' && this.PKI_MASTER_KEYS === DEV_MASTER_KEYS
      ? ['PKI_MASTER_KEYS: set master keys of your own in production']
      : [];
  }
}
