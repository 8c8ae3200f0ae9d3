import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A registered taxpayer (seller and/or buyer), owned by one district-level bureau. */
@Entity({ schema: 'registry', name: 'taxpayers' })
export class TaxpayerEntity {
  @PrimaryColumn({ name: 'tax_id', type: 'text', collation: 'C' })
  taxId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'bureau_code', type: 'text', collation: 'C' })
  bureauCode!: string;

  @Column({ type: 'text' })
  kind!: 'general' | 'small_scale';

  @Column({ type: 'text' })
  status!: 'normal' | 'abnormal' | 'deregistered';

  @Column({ name: 'max_amount_version', type: 'smallint' })
  maxAmountVersion!: 1 | 2 | 3 | 4;

  /** GB/T 4754-2017 section letter, optionally with its class digits (`F`, `F5174`); null: not recorded. */
  @Column({ type: 'text', nullable: true })
  industry!: string | null;

  /** SHA-256 of the one-time enrollment token; cleared once used. */
  @Column({ name: 'enrollment_token_hash', type: 'bytea', nullable: true, select: false })
  enrollmentTokenHash!: Buffer | null;

  @Column({ name: 'enrollment_token_expires_at', type: 'timestamptz', nullable: true })
  enrollmentTokenExpiresAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  /**
   * The taxpayer's own request rate (all its API keys together), set by a bureau admin;
   * null: the installation's RATE_LIMIT_ENTERPRISE_* (ADR 0017).
   */
  @Column({ name: 'rate_limit_per_second', type: 'integer', nullable: true })
  rateLimitPerSecond!: number | null;

  @Column({ name: 'rate_limit_burst', type: 'integer', nullable: true })
  rateLimitBurst!: number | null;

  @Column({ name: 'rate_limit_set_by', type: 'uuid', nullable: true })
  rateLimitSetBy!: string | null;

  @Column({ name: 'rate_limit_set_at', type: 'timestamptz', nullable: true })
  rateLimitSetAt!: Date | null;
}
