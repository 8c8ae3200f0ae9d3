import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface SellerRow {
  name: string | null;
  kind: 'general' | 'small_scale' | null;
  status: string | null;
  certificateSerial: string | null;
  privateKeyCiphertext: string | null;
  keyVersion: number | null;
  /** The certificate's validity: which issue dates it may seal (ADR 0021). */
  notBefore: Date | null;
  notAfter: Date | null;
}

export interface BuyerRow {
  kind: 'general' | 'small_scale' | null;
  status: string | null;
  overridden: boolean;
}

/**
 * The seller (status, kind, name) and its current signing certificate: the newest one
 * with a service-held key, valid now and not revoked now, with its validity (the issue
 * dates it may seal).
 */
const SELLER = `
  SELECT s.name, s.kind, s.status,
         c.serial_number AS "certificateSerial", c.private_key_ciphertext AS "privateKeyCiphertext",
         c.key_version AS "keyVersion", c.not_before AS "notBefore", c.not_after AS "notAfter"
    FROM (SELECT 1) one
    LEFT JOIN registry.taxpayers s ON s.tax_id = $1
    LEFT JOIN LATERAL (
      SELECT serial_number, private_key_ciphertext, key_version, not_before, not_after
        FROM pki.certificates c
       WHERE c.tax_id = $1 AND c.key_source = 'service' AND c.not_before <= now() AND c.not_after > now()
         AND NOT EXISTS (SELECT 1 FROM pki.revocations r WHERE r.serial_number = c.serial_number AND r.revoked_at <= now())
       ORDER BY c.created_at DESC
       LIMIT 1) c ON true`;

const BUYER = `
  SELECT b.kind, b.status, EXISTS (SELECT 1 FROM registry.tax_id_overrides o WHERE o.tax_id = $1) AS overridden
    FROM (SELECT 1) one LEFT JOIN registry.taxpayers b ON b.tax_id = $1`;

/**
 * How long a seller's or buyer's registry facts are reused without asking Postgres. Safe
 * because the facts that decide whether an invoice may be sealed at all — seller in
 * normal standing, certificate not revoked — are checked again, under the number lock,
 * by the allocator's statement; what the cache can serve stale is names and kinds.
 */
const TTL_MS = 5_000;
const MAX_ENTRIES = 20_000;

class TtlCache<V> {
  private readonly entries = new Map<string, { value: Promise<V>; until: number }>();

  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.until > Date.now()) return hit.value;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const value = load();
    value.catch(() => this.entries.delete(key));
    this.entries.set(key, { value, until: Date.now() + TTL_MS });
    return value;
  }
}

@Injectable()
export class IssuingContextRepository {
  private readonly sellers = new TtlCache<SellerRow>();
  private readonly buyers = new TtlCache<BuyerRow>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  seller(taxId: string): Promise<SellerRow> {
    return this.sellers.get(taxId, async () => (await this.db.query<SellerRow[]>(SELLER, [taxId]))[0]);
  }

  buyer(taxId: string): Promise<BuyerRow> {
    return this.buyers.get(taxId, async () => (await this.db.query<BuyerRow[]>(BUYER, [taxId]))[0]);
  }
}
