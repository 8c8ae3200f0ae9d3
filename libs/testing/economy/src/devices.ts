import { createHash } from 'node:crypto';
import { addDays, beijing, laterInstant, type EconomyCalendar } from './economy-calendar';
import type { CertificateRow } from './economy-rows';

/**
 * Device certificates of the economy's sellers: one each for their everyday sealing, and
 * more for the scenarios that revoke one (a revocation flags everything its device sealed
 * afterwards, so a scenario revokes a device of its own). Serials are drawn from the seed.
 * A device is valid from a year before the period before, or from the day after its
 * taxpayer was registered if that is later.
 */
export class DeviceRegistry {
  private readonly issued = new Map<string, number>();
  /** Every-day serials, asked for once per invoice: kept rather than drawn again. */
  private readonly primaries = new Map<string, string>();

  constructor(
    private readonly seed: string,
    private readonly calendar: EconomyCalendar,
    /** When each taxpayer was registered. */
    private readonly registeredAt: ReadonlyMap<string, string>,
  ) {}

  /** The device a seller seals its everyday invoices with. */
  primary(taxId: string): string {
    let serial = this.primaries.get(taxId);
    if (serial === undefined) this.primaries.set(taxId, (serial = this.serial(taxId, 0)));
    return serial;
  }

  /** A further device of `taxId`, with its certificate row. */
  another(taxId: string): CertificateRow {
    const n = (this.issued.get(taxId) ?? 0) + 1;
    this.issued.set(taxId, n);
    return this.row(taxId, n);
  }

  primaryRow(taxId: string): CertificateRow {
    return this.row(taxId, 0);
  }

  private row(taxId: string, n: number): CertificateRow {
    // Valid from a year before the period for three years, as a real device certificate.
    const from = addDays(`${this.calendar.previous}-01`, -365);
    const registered = this.registeredAt.get(taxId);
    return {
      serialNumber: this.serial(taxId, n),
      taxId,
      notBefore: registered ? laterInstant(beijing(from, 8), registered, 1) : beijing(from, 8),
      notAfter: beijing(addDays(from, 3 * 365), 8),
    };
  }

  /**
   * A certificate serial, 128 bits of a digest of the seed, the taxpayer and the device's
   * number: a generator seeded with 32 bits has 2^32 streams, and 100,000 taxpayers' devices
   * drew the same serial twice (a bench load refused by the certificates' key).
   */
  private serial(taxId: string, n: number): string {
    return createHash('sha256')
      .update(`${this.seed}|device|${taxId}|${n}`)
      .digest('hex')
      .slice(0, 32)
      .toUpperCase();
  }
}
