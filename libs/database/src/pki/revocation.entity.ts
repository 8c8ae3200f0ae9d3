import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A revoked device certificate (written by the bureau app). It seals nothing after `revokedAt`. */
@Entity({ schema: 'pki', name: 'revocations' })
export class RevocationEntity {
  @PrimaryColumn({ name: 'serial_number', type: 'text', collation: 'C' })
  serialNumber!: string;

  @Column({ name: 'revoked_at', type: 'timestamptz' })
  revokedAt!: Date;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'revoked_by', type: 'uuid' })
  revokedBy!: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
