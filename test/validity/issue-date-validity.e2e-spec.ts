import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditRunLauncherService, AuditRunsRepository } from '@app/audit-runs';
import { parseAuditScope, periodOf, todayIn } from '@app/domain';
import { AuditAppModule } from '../../apps/audit/src/app.module';
import { CollectionAppModule } from '../../apps/collection/src/app.module';
import { IssuanceAppModule } from '../../apps/issuance/src/app.module';
import { dropDatabase, migrate } from '../../scripts/migrate';
import { AuditProbe } from '../factories/audit.probe';
import {
  claimItemOf,
  createTestApp,
  enrolledTaxpayer,
  type EnrolledTaxpayer,
  fakeDateOnly,
  fileSettings,
  invoiceBody,
  IssuanceProbe,
  type IssuedInvoice,
  type OfflineCopy,
  offlineSeller,
  ownDatabaseUrl,
  sealOffline,
} from '@app/testing';

/**
 * This file's settings (fileSettings):
 * - AUDIT_NIGHTLY=0: the audit worker booted here registers no nightly run;
 * - a database of this file's own (the run's name, suffixed; made and dropped by the file):
 *   the file runs on a faked clock two days in the past, and the certificate authorities
 *   are made on first need, stamped with the maker's clock. Made by another file on the
 *   real clock, they would not be valid yet on the faked day (CA_NOT_VALID at enrollment).
 */
const SETTINGS = fileSettings('validity', {
  AUDIT_NIGHTLY: '0',
  DATABASE_URL: ownDatabaseUrl('_validity'),
});

/**
 * One rule for validity (ADR 0021), in all three apps: a seal dated D is genuine only if its
 * certificate's validity touches D in Beijing. Node's Date (only Date: timers stay real) is
 * set to 07:30 on FIRST_DAY in Beijing, two days ago — 23:30 UTC on DAY_BEFORE — so every
 * certificate enrolled here starts on FIRST_DAY in Beijing while the UTC date of its
 * notBefore is DAY_BEFORE: an app that read the validity in UTC would accept DAY_BEFORE.
 * DAY_BEFORE is always in an open period (the current month, or the previous one on the 1st),
 * so only the validity rule can refuse it. Postgres' now() stays real (two days later);
 * nothing here compares the two clocks. A database of this file's own: see the env file.
 */
const addDays = (date: string, days: number): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const FIRST_DAY = addDays(todayIn('Asia/Shanghai'), -2);
const DAY_BEFORE = addDays(FIRST_DAY, -1);
const FAKE_NOW = new Date(`${DAY_BEFORE}T23:30:00Z`);
const PERIODS = [...new Set([periodOf(DAY_BEFORE), periodOf(FIRST_DAY)])];
const CLAIM_PERIOD = periodOf(FIRST_DAY);
const CODE = 'CERTIFICATE_NOT_VALID_AT_ISSUE_DATE';

interface RunFinding {
  runId: string;
  category: string;
  invoiceCode: string;
  invoiceNumber: string;
  buyerTaxId: string;
  details: { forgedBecause?: string[]; claim?: { reasonCode?: string } };
}

interface ClaimResult {
  status: 'accepted' | 'rejected';
  code?: string;
}

describe('issue dates and certificate validity: issuance, collection and the audit agree', () => {
  let issuance: INestApplication;
  let collection: INestApplication;
  let audit: INestApplication;
  let db: DataSource;

  beforeAll(async () => {
    await migrate(SETTINGS.DATABASE_URL);
    fakeDateOnly(FAKE_NOW);
    issuance = await createTestApp(IssuanceAppModule.forRoot(SETTINGS));
    collection = await createTestApp(CollectionAppModule.forRoot(SETTINGS));
    audit = await createTestApp(AuditAppModule.forRoot(SETTINGS));
    db = issuance.get(DataSource);
  }, 120_000);

  afterAll(async () => {
    await audit?.close();
    await collection?.close();
    await issuance?.close();
    jest.useRealTimers();
    if (process.env.KEEP_TEST_DB !== '1') await dropDatabase(SETTINGS.DATABASE_URL);
  });

  const issue = (seller: EnrolledTaxpayer, buyer: EnrolledTaxpayer, issueDate: string) =>
    request(issuance.getHttpServer())
      .post('/v1/invoices')
      .set('Authorization', `Bearer ${seller.apiKey}`)
      .send(invoiceBody(buyer, { issueDate }));

  const claim = async (buyer: EnrolledTaxpayer, invoices: unknown[]): Promise<ClaimResult[]> => {
    const res = await request(collection.getHttpServer())
      .post('/v1/claims')
      .set('Authorization', `Bearer ${buyer.apiKey}`)
      .send({ period: CLAIM_PERIOD, invoices })
      .expect(201);
    return (res.body as { results: ClaimResult[] }).results.map(({ status, code }) => ({ status, code }));
  };

  const claimOfCopy = (sellerTaxId: string, copy: OfflineCopy) => ({
    invoiceCode: copy.invoiceCode,
    invoiceNumber: copy.invoiceNumber,
    issueDate: copy.issueDate,
    sellerTaxId,
    amount: copy.amount,
    taxAmount: copy.taxAmount,
    seal: { signature: copy.signature, contentHash: copy.contentHash },
  });

  /** Audits both periods over these taxpayers; every finding of the runs. */
  async function auditOf(taxIds: string[]): Promise<{ findings: RunFinding[]; matched: number }> {
    const launcher = audit.get(AuditRunLauncherService);
    const runs = audit.get(AuditRunsRepository);
    const findings: RunFinding[] = [];
    let matched = 0;
    for (const period of PERIODS) {
      const today = todayIn('Asia/Shanghai');
      const started = await launcher.start(parseAuditScope({ period, taxIds }, today), { kind: 'on_demand' });
      const run = await new AuditProbe(db).waitForRun(runs, started!.id, 60_000);
      expect(run.status).toBe('completed');
      matched += run.counts?.MATCHED ?? 0;
      findings.push(
        ...(await db.query<RunFinding[]>(
          `SELECT run_id::text AS "runId", category, invoice_code AS "invoiceCode",
                  invoice_number AS "invoiceNumber", buyer_tax_id AS "buyerTaxId", details
             FROM audit.run_findings WHERE run_id = $1
            ORDER BY category, invoice_code, invoice_number`,
          [run.id],
        )),
      );
    }
    return { findings, matched };
  }

  it('refuses the day before the certificate’s first Beijing day everywhere with one code, and accepts that first day everywhere', async () => {
    expect(todayIn('Asia/Shanghai')).toBe(FIRST_DAY);
    const [seller, device, buyer] = await Promise.all([
      enrolledTaxpayer(issuance),
      offlineSeller(issuance),
      enrolledTaxpayer(issuance, { invoiceCode: null }),
    ]);

    // Enrollment says from which day the certificate seals; its notBefore is on DAY_BEFORE in UTC.
    for (const enrolled of [seller, device]) {
      expect(enrolled.earliestIssueDate).toBe(FIRST_DAY);
      const [cert] = await db.query<{ notBefore: Date }[]>(
        `SELECT not_before AS "notBefore" FROM pki.certificates WHERE serial_number = $1`,
        [enrolled.serialNumber],
      );
      expect(cert.notBefore.toISOString().slice(0, 10)).toBe(DAY_BEFORE);
    }

    // Issuance: the first day is sealed; the day before is refused before any number is taken.
    const probe = new IssuanceProbe(db);
    const first = (await issue(seller, buyer, FIRST_DAY).expect(201)).body as IssuedInvoice;
    const counters = await probe.nextNumbers(seller.taxId);
    const refused = await issue(seller, buyer, DAY_BEFORE).expect(422);
    expect(refused.body).toMatchObject({
      code: CODE,
      details: {
        issueDate: DAY_BEFORE,
        earliestIssueDate: FIRST_DAY,
        latestIssueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        certificateSerial: seller.serialNumber,
      },
    });
    expect(await probe.nextNumbers(seller.taxId)).toEqual(counters);
    const next = (await issue(seller, buyer, FIRST_DAY).expect(201)).body as IssuedInvoice;
    expect([first.issueDate, next.issueDate]).toEqual([FIRST_DAY, FIRST_DAY]);
    expect(Number(next.invoiceNumber)).toBe(Number(first.invoiceNumber) + 1);
    expect(await probe.invoiceCount(seller.taxId)).toBe(2);

    // Collection, offline seller copies: the device's copy dated the day before is refused with the same code.
    const backdated = sealOffline(device, {
      invoiceNumber: device.number(0),
      issueDate: DAY_BEFORE,
      buyerTaxId: buyer.taxId,
    });
    const onTime = sealOffline(device, {
      invoiceNumber: device.number(1),
      issueDate: FIRST_DAY,
      buyerTaxId: buyer.taxId,
    });
    const copies = await request(collection.getHttpServer())
      .post('/v1/seller-copies')
      .set('Authorization', `Bearer ${device.apiKey}`)
      .send({ invoices: [backdated, onTime] })
      .expect(201);
    expect((copies.body as { results: ClaimResult[] }).results.map((r) => [r.status, r.code])).toEqual([
      ['rejected', CODE],
      ['accepted', undefined],
    ]);

    // Collection, claims: the buyer's claim with the backdated seal is rejected with the same code.
    expect(
      await claim(buyer, [
        claimOfCopy(device.taxId, backdated),
        claimOfCopy(device.taxId, onTime),
        claimItemOf(first),
        claimItemOf(next),
      ]),
    ).toEqual([
      { status: 'rejected', code: CODE },
      { status: 'accepted', code: undefined },
      { status: 'accepted', code: undefined },
      { status: 'accepted', code: undefined },
    ]);

    // The audit: the refused claim is FORGED; everything dated the first day matches.
    const { findings, matched } = await auditOf([seller.taxId, device.taxId, buyer.taxId]);
    expect(findings.map((f) => [f.category, f.invoiceNumber, f.buyerTaxId])).toEqual([
      ['FORGED', backdated.invoiceNumber, buyer.taxId],
    ]);
    expect(findings[0].details).toMatchObject({
      claim: { reasonCode: CODE },
      forgedBecause: ['SEAL_REJECTED'],
    });
    expect(matched).toBe(3);
  });

  it('flags an online invoice its certificate does not cover (a row from before the rule) FORGED, claimed or not', async () => {
    const [seller, buyer] = await Promise.all([
      enrolledTaxpayer(issuance),
      enrolledTaxpayer(issuance, { invoiceCode: null }),
    ]);
    const [claimedLegacy, unclaimedLegacy, covered] = [
      (await issue(seller, buyer, FIRST_DAY).expect(201)).body as IssuedInvoice,
      (await issue(seller, buyer, FIRST_DAY).expect(201)).body as IssuedInvoice,
      (await issue(seller, buyer, FIRST_DAY).expect(201)).body as IssuedInvoice,
    ];
    // What issuance wrote before the rule: two invoices dated the day before their certificate.
    await db.query(
      `UPDATE issuance.invoices SET issue_date = $2
        WHERE seller_tax_id = $1 AND invoice_number = ANY($3)`,
      [seller.taxId, DAY_BEFORE, [claimedLegacy.invoiceNumber, unclaimedLegacy.invoiceNumber]],
    );
    // A claim without the seal is accepted at intake (nothing to check it against there).
    expect(
      await claim(buyer, [
        claimItemOf({ ...claimedLegacy, issueDate: DAY_BEFORE }, false),
        claimItemOf(covered, false),
      ]),
    ).toEqual([
      { status: 'accepted', code: undefined },
      { status: 'accepted', code: undefined },
    ]);

    const { findings, matched } = await auditOf([seller.taxId, buyer.taxId]);
    const of = (inv: IssuedInvoice) =>
      findings.filter((f) => f.invoiceNumber === inv.invoiceNumber).map((f) => f.category);
    expect(of(covered)).toEqual([]);
    expect(matched).toBe(1);
    // The claim of it: FORGED, whether seen from the claim or (in the date's period) from the copy.
    expect(new Set(of(claimedLegacy))).toEqual(new Set(['FORGED']));
    for (const f of findings.filter((x) => x.invoiceNumber === claimedLegacy.invoiceNumber)) {
      expect(f.details.forgedBecause).toEqual([CODE]);
    }
    // Unclaimed, the seller's copy is FORGED on its own (and, as any unclaimed special invoice, UNCLAIMED).
    expect(of(unclaimedLegacy).sort()).toEqual(['FORGED', 'UNCLAIMED']);
    const forged = findings.find(
      (f) => f.invoiceNumber === unclaimedLegacy.invoiceNumber && f.category === 'FORGED',
    );
    expect(forged!.details.forgedBecause).toEqual([CODE]);
  });
});
