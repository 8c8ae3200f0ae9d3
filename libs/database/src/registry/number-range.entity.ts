import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Invoice numbers a bureau allocated to a seller (领购): one invoice code, an inclusive
 * number range. No two ranges of one code overlap (exclusion constraint). The issuance
 * app consumes each range in order through issuance.number_counters.
 */
@Entity({ schema: 'registry', name: 'number_ranges' })
export class NumberRangeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'tax_id', type: 'text', collation: 'C' })
  taxId!: string;

  @Column({ name: 'invoice_code', type: 'text' })
  invoiceCode!: string;

  @Column({ name: 'start_number', type: 'integer' })
  startNumber!: number;

  @Column({ name: 'end_number', type: 'integer' })
  endNumber!: number;

  @Column({ name: 'amount_version', type: 'smallint' })
  amountVersion!: 1 | 2 | 3 | 4;

  @Column({ name: 'allocated_by', type: 'uuid' })
  allocatedBy!: string;

  @Column({ name: 'allocated_at', type: 'timestamptz', default: () => 'now()' })
  allocatedAt!: Date;
}
