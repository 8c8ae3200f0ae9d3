import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthorityRow, PkiRepository } from '@app/database';
import { CaMaterial, createIssuingCa, createRootCa, KeyVault } from '@app/pki';

const ROOT_VALID_YEARS = 20;
const ISSUING_VALID_YEARS = 10;

/** What time it is (a test may make it jump). */
export type Clock = () => Date;

/**
 * The national root CA and the per-province issuing CAs, each made on first need. Two
 * processes needing the same CA at once serialise on an advisory lock, so exactly one is
 * made; private keys are stored sealed by the KeyVault (AAD = `ca:<serial>`).
 */
@Injectable()
export class CertificateAuthorityService {
  private readonly logger = new Logger(CertificateAuthorityService.name);
  private readonly cache = new Map<string, Promise<CaMaterial>>();
  /** Read when a CA is made; replaced only by tests (`useClock`). */
  private clock: Clock = () => new Date();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly pki: PkiRepository,
    private readonly vault: KeyVault,
  ) {}

  useClock(clock: Clock): void {
    this.clock = clock;
  }

  /** The issuing CA of a province (2-digit code), made (with the root) if missing. */
  issuingCa(provinceCode: string): Promise<CaMaterial> {
    let ca = this.cache.get(provinceCode);
    if (!ca) {
      ca = this.db.transaction((m) => this.loadOrCreate(m, provinceCode));
      ca.catch(() => this.cache.delete(provinceCode));
      this.cache.set(provinceCode, ca);
    }
    return ca;
  }

  private async loadOrCreate(m: EntityManager, provinceCode: string | null): Promise<CaMaterial> {
    await this.pki.lockAuthority(m, provinceCode);
    const existing = await this.pki.findAuthority(provinceCode, m);
    if (existing) return this.open(existing);
    const root = provinceCode ? await this.loadOrCreate(m, null) : null;
    // After the root is loaded or made: a root made meanwhile (its key takes a moment to
    // generate) starts at its own clock reading, and an issuing CA signed "before" it is refused.
    const now = this.clock();
    const made =
      root && provinceCode
        ? createIssuingCa(root, { provinceCode, now, validYears: ISSUING_VALID_YEARS })
        : createRootCa({ commonName: 'Jinshui National Root CA', now, validYears: ROOT_VALID_YEARS });
    const sealed = this.vault.seal(made.privateKeyPem, `ca:${made.serialNumber}`);
    await this.pki.insertAuthority(m, {
      serialNumber: made.serialNumber,
      kind: provinceCode ? 'issuing' : 'root',
      provinceCode,
      certificatePem: made.certificatePem,
      privateKeyCiphertext: sealed.ciphertext,
      keyVersion: sealed.keyVersion,
    });
    this.logger.log(
      { serialNumber: made.serialNumber, provinceCode },
      provinceCode ? 'issuing CA created' : 'root CA created',
    );
    return made;
  }

  private open(row: AuthorityRow): CaMaterial {
    const privateKeyPem = this.vault.open(
      { keyVersion: row.keyVersion, ciphertext: row.privateKeyCiphertext },
      `ca:${row.serialNumber}`,
    );
    return { certificatePem: row.certificatePem, privateKeyPem, serialNumber: row.serialNumber };
  }

  /** Every CA certificate, root first: what `GET /v1/pki/chain` publishes. */
  async chainPems(): Promise<string[]> {
    return (await this.pki.allAuthorities()).map((a) => a.certificatePem);
  }
}
