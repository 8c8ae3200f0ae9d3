import { IsString } from 'class-validator';
import { RateLimitSettings } from '../rate-limit/rate-limit.config';

/**
 * An app that listens for HTTP, with the abuse limits of its routes. Subclasses name
 * their own port variable (ISSUANCE_PORT, ...).
 */
export abstract class HttpAppConfig extends RateLimitSettings {
  /** Loopback by default: the apps are never exposed beyond this machine unless told. */
  @IsString()
  HOST = '127.0.0.1';

  abstract get port(): number;
}
