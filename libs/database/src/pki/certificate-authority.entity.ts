import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The national root CA and one issuing CA per province; private keys encrypted (KeyVault). */
@Entity({ schema: 'pki', name: 'authorities' })
export class CertificateAuthorityEntity {
  @PrimaryColumn({ name: 'serial_number', type: 'text', collation: 'C' })
  serialNumber!: string;

  @Column({ type: 'text' })
  kind!: 'root' | 'issuing';

  @Column({ name: 'province_code', type: 'char', length: 2, nullable: true })
  provinceCode!: string | null;

  @Column({ name: 'certificate_pem', type: 'text' })
  certificatePem!: string;

  @Column({ name: 'private_key_ciphertext', type: 'text', select: false })
  privateKeyCiphertext!: string;

  @Column({ name: 'key_version', type: 'integer' })
  keyVersion!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
