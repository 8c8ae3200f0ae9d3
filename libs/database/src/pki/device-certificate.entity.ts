import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A taxpayer's sealing certificate. `key_source` says who holds the private key: the
 * service (encrypted here, used for online issuance) or the enterprise (it sent a CSR;
 * used for offline seller copies).
 */
@Entity({ schema: 'pki', name: 'certificates' })
export class DeviceCertificateEntity {
  @PrimaryColumn({ name: 'serial_number', type: 'text', collation: 'C' })
  serialNumber!: string;

  @Column({ name: 'tax_id', type: 'text', collation: 'C' })
  taxId!: string;

  @Column({ name: 'issuer_serial', type: 'text', collation: 'C' })
  issuerSerial!: string;

  @Column({ name: 'certificate_pem', type: 'text' })
  certificatePem!: string;

  @Column({ name: 'key_source', type: 'text' })
  keySource!: 'service' | 'csr';

  @Column({ name: 'private_key_ciphertext', type: 'text', nullable: true, select: false })
  privateKeyCiphertext!: string | null;

  @Column({ name: 'key_version', type: 'integer', nullable: true })
  keyVersion!: number | null;

  @Column({ name: 'not_before', type: 'timestamptz' })
  notBefore!: Date;

  @Column({ name: 'not_after', type: 'timestamptz' })
  notAfter!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
