import { Injectable, OnModuleDestroy } from '@nestjs/common';
import {
  CERTIFICATE_NOT_VALID_AT_ISSUE_DATE,
  issueDateWindow,
  IssueDateWindow,
  windowCoversIssueDate,
} from '@app/domain';
import { SealFields, SealVerifierPool, verifyCertificateChain, verifySealBatchInline } from '@app/pki';
import { CollectionConfig } from '../config/collection.config';
import { SellerCertificate, SellerCertificatesRepository } from './seller-certificates.repository';

/**
 * Why a seal was refused at intake, or 'OK'. Stored as the rejection reason, so these
 * are part of the API contract.
 */
export type SealVerdict =
  | 'OK'
  | 'SEAL_MISMATCH'
  | 'SEAL_REVOKED'
  | 'SELLER_CERTIFICATE_UNKNOWN'
  | 'CERTIFICATE_NOT_VALID_AT_ISSUE_DATE'
  | 'CERTIFICATE_CHAIN_INVALID'
  | 'CERTIFICATE_NOT_THE_SELLERS';

export interface SealToCheck {
  /** The seven key fields as claimed (buyerTaxId = who the seal must name) plus the content hash. */
  fields: SealFields;
  signature: string;
  /** Seller copies name their certificate; claims do not (any of the seller's may have sealed). */
  certificateSerial?: string;
}

/** Above this many checks the worker-thread pool pays for its message passing. */
const INLINE_LIMIT = 256;

/**
 * Verifies seals against the seller's certificates as the audit will see them: issued by
 * our CA chain, valid on the invoice's issue date (the domain's issue-date window, which
 * issuance applies before sealing), not revoked on or before it, and the signature over
 * the canonical payload of the claimed fields. API items and bulk rows both come here.
 * Bulk checks run on a worker-thread pool so that both cores share the RSA work.
 */
@Injectable()
export class SealCheckerService implements OnModuleDestroy {
  private pool: SealVerifierPool | null = null;
  private readonly chainOk = new Map<string, boolean>();
  private readonly windows = new Map<string, IssueDateWindow>();

  constructor(
    private readonly certificates: SellerCertificatesRepository,
    private readonly config: CollectionConfig,
  ) {}

  async check(items: SealToCheck[]): Promise<SealVerdict[]> {
    const sellers = [...new Set(items.map((i) => i.fields.sellerTaxId))];
    const [bySeller, root] = await Promise.all([
      this.certificates.forSellers(sellers),
      this.certificates.rootPem(),
    ]);
    const verdicts: SealVerdict[] = new Array<SealVerdict>(items.length);
    const jobs: { item: number; cert: SellerCertificate }[] = [];
    items.forEach((item, i) => {
      const candidates = this.candidates(item, bySeller.get(item.fields.sellerTaxId) ?? [], root);
      if (typeof candidates === 'string') verdicts[i] = candidates;
      else candidates.forEach((cert) => jobs.push({ item: i, cert }));
    });
    const checks = jobs.map((j) => ({
      fields: items[j.item].fields,
      signature: items[j.item].signature,
      publicKeyPem: j.cert.certificatePem,
    }));
    const results =
      checks.length <= INLINE_LIMIT
        ? verifySealBatchInline(checks)
        : await this.workerPool().verifyBatch(checks);
    jobs.forEach((job, k) => {
      if (!results[k] || verdicts[job.item] === 'OK') return;
      const revoked = job.cert.revokedOn !== null && job.cert.revokedOn <= items[job.item].fields.issueDate;
      verdicts[job.item] = revoked ? 'SEAL_REVOKED' : 'OK';
    });
    jobs.forEach((job) => (verdicts[job.item] ??= 'SEAL_MISMATCH'));
    return verdicts;
  }

  /** The certificates that could have sealed this item, or the reason none could. */
  private candidates(
    item: SealToCheck,
    certs: SellerCertificate[],
    root: string | null,
  ): SellerCertificate[] | SealVerdict {
    const named =
      item.certificateSerial === undefined
        ? certs
        : certs.filter((c) => c.serialNumber === item.certificateSerial);
    if (named.length === 0) {
      return item.certificateSerial === undefined || certs.length === 0
        ? 'SELLER_CERTIFICATE_UNKNOWN'
        : 'CERTIFICATE_NOT_THE_SELLERS';
    }
    const date = item.fields.issueDate;
    const valid = named.filter((c) => windowCoversIssueDate(this.windowOf(c), date));
    if (valid.length === 0) return CERTIFICATE_NOT_VALID_AT_ISSUE_DATE;
    const chained = valid.filter((c) => this.chainValid(c, root));
    return chained.length > 0 ? chained : 'CERTIFICATE_CHAIN_INVALID';
  }

  /** A certificate's validity never changes: turn each one into issue dates once. */
  private windowOf(cert: SellerCertificate): IssueDateWindow {
    let window = this.windows.get(cert.serialNumber);
    if (window === undefined) {
      window = issueDateWindow(cert, this.config.TZ_BUSINESS);
      this.windows.set(cert.serialNumber, window);
    }
    return window;
  }

  /** Signatures of a certificate chain never change: verify each device certificate once. */
  private chainValid(cert: SellerCertificate, root: string | null): boolean {
    let ok = this.chainOk.get(cert.serialNumber);
    if (ok === undefined) {
      ok =
        root !== null && verifyCertificateChain(cert.certificatePem, [cert.issuerPem], root, cert.checkAt).ok;
      this.chainOk.set(cert.serialNumber, ok);
    }
    return ok;
  }

  private workerPool(): SealVerifierPool {
    this.pool ??= new SealVerifierPool({ size: this.config.SEAL_WORKERS });
    return this.pool;
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool?.close();
  }
}
