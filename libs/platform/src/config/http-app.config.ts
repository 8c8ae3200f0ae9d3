import { IsString, Matches } from 'class-validator';
import { RateLimitConfig } from '../rate-limit/rate-limit.config';

const PROXY_ADDRESS = '(loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]+(/\\d{1,3})?)';

/**
 * An app that listens for HTTP, with the abuse limits of its routes. Subclasses name
 * their own port variable (ISSUANCE_PORT, ...).
 */
export abstract class HttpAppConfig extends RateLimitConfig {
  /** Loopback by default: the apps are never exposed beyond this machine unless told. */
  @IsString()
  HOST = '127.0.0.1';

  /**
   * Which peers' X-Forwarded-For names the client (Express' 'trust proxy' rules), so that
   * the per-IP limits count real clients behind a load balancer: `false` (the peer is the
   * client), a number of proxy hops, or a comma list of proxy addresses, subnets or
   * loopback / linklocal / uniquelocal. Never `true`: any client could name itself.
   */
  @Matches(new RegExp(`^(false|\\d{1,2}|${PROXY_ADDRESS}(\\s*,\\s*${PROXY_ADDRESS})*)$`), {
    message:
      'TRUST_PROXY must be false, a number of proxy hops, or a comma list of proxy addresses/subnets ' +
      '(loopback, linklocal, uniquelocal allowed); never true',
  })
  TRUST_PROXY = 'false';

  abstract get port(): number;

  /** TRUST_PROXY as a hop count or a proxy-addr list (`createHttpAdapter` compiles it). */
  get trustProxy(): false | number | string[] {
    if (this.TRUST_PROXY === 'false' || this.TRUST_PROXY === '0') return false;
    if (/^\d+$/.test(this.TRUST_PROXY)) return Number(this.TRUST_PROXY);
    return this.TRUST_PROXY.split(',').map((s) => s.trim());
  }
}
