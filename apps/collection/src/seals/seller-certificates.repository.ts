import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface SellerCertificate {
  taxId: string;
  serialNumber: string;
  certificatePem: string;
  issuerPem: string;
  /** Validity as stored; the seal checker turns it into issue dates by the domain rule. */
  notBefore: Date;
  notAfter: Date;
  /** The Beijing date of the revocation, if any. */
  revokedOn: string | null;
  /** An instant inside the validity, at which the chain is checked. */
  checkAt: Date;
}

/** Device certificates of sellers, with their issuing CA, for checking seals at intake. */
@Injectable()
export class SellerCertificatesRepository {
  private root: Promise<string | null> | null = null;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async forSellers(taxIds: string[]): Promise<Map<string, SellerCertificate[]>> {
    const rows = await this.db.query<SellerCertificate[]>(
      `SELECT c.tax_id AS "taxId", c.serial_number AS "serialNumber", c.certificate_pem AS "certificatePem",
              a.certificate_pem AS "issuerPem",
              c.not_before AS "notBefore", c.not_after AS "notAfter",
              to_char(r.revoked_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS "revokedOn",
              c.not_before + interval '1 second' AS "checkAt"
         FROM pki.certificates c
         JOIN pki.authorities a ON a.serial_number = c.issuer_serial
         LEFT JOIN pki.revocations r ON r.serial_number = c.serial_number
        WHERE c.tax_id = ANY($1)
        ORDER BY c.created_at DESC`,
      [taxIds],
    );
    const bySeller = new Map<string, SellerCertificate[]>();
    for (const row of rows) bySeller.set(row.taxId, [...(bySeller.get(row.taxId) ?? []), row]);
    return bySeller;
  }

  /** The national root certificate (immutable once made). */
  rootPem(): Promise<string | null> {
    this.root ??= this.db
      .query<{ certificate_pem: string }[]>(`SELECT certificate_pem FROM pki.authorities WHERE kind = 'root'`)
      .then((rows) => rows[0]?.certificate_pem ?? null);
    return this.root;
  }
}
