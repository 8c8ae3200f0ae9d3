import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * Legally issued early credit codes whose check character fails GB 32100-2015. Only a
 * national-tier admin adds to this list; nothing removes from it.
 */
@Entity({ schema: 'registry', name: 'tax_id_overrides' })
export class TaxIdOverrideEntity {
  @PrimaryColumn({ name: 'tax_id', type: 'text', collation: 'C' })
  taxId!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'added_by', type: 'uuid' })
  addedBy!: string;

  @CreateDateColumn({ name: 'added_at', type: 'timestamptz' })
  addedAt!: Date;
}
