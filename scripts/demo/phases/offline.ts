import type { OfflineSealedCopy } from '@app/pki';
import {
  addClaim,
  claimOf,
  expectFinding,
  warnUnexpected,
  type ClaimsByBuyer,
  type ClaimsResponse,
  type DemoContext,
  type Issued,
} from '../demo-context';
import { mapPool } from '../http-client';
import { formatCents, taxOfCents } from '../money';
import type { PlannedOfflineCopy } from '../plan';

export interface OfflineCopy {
  copy: PlannedOfflineCopy;
  sealOne: () => OfflineSealedCopy;
}

export interface SealedOfflineCopy extends OfflineCopy {
  sealed: OfflineSealedCopy;
}

export interface OfflineCopies {
  all: OfflineCopy[];
  /** Sealed before the device is revoked, uploaded or not. */
  beforeRevocation: SealedOfflineCopy[];
}

export async function sealOfflineCopies(ctx: DemoContext, issueDate: string): Promise<OfflineCopies> {
  const { plan } = ctx;
  const tp = plan.taxpayers;
  const rangeOf = new Map(plan.ranges.map((r) => [r.seller, r]));
  const all = plan.offlineCopies.map((copy) => {
    const range = rangeOf.get(copy.seller)!;
    const buyer = tp[copy.buyer];
    const sealOne = (): OfflineSealedCopy =>
      ctx.devices.get(copy.seller)!.seal({
        invoiceCode: range.invoiceCode,
        invoiceNumber: String(range.start + copy.offset).padStart(8, '0'),
        issueDate,
        buyerTaxId: buyer.taxId,
        buyerName: buyer.name,
        description: '离线开具货物',
        amount: formatCents(copy.amountCents),
        taxRate: copy.taxRate,
        taxAmount: formatCents(taxOfCents(copy.amountCents, copy.taxRate)),
      });
    return { copy, sealOne };
  });
  const beforeRevocation = all
    .filter((s) => s.copy.fate !== 'revoked-after')
    .map((s) => ({ ...s, sealed: s.sealOne() }));
  const uploadNow = beforeRevocation.filter((s) => s.copy.fate !== 'copy-missing');
  const bySeller = groupBy(uploadNow, (s) => s.copy.seller);
  await mapPool([...bySeller], ctx.concurrency, async ([seller, copies]) => {
    const res = await ctx.collection.post<ClaimsResponse>('/v1/seller-copies', {
      token: ctx.apiKeys[seller],
      idempotencyKey: `${plan.tag}-copies-${seller}`,
      body: { invoices: copies.map((s) => s.sealed) },
    });
    warnUnexpected(
      res.body,
      copies.map(() => 'accepted'),
      `seller copies of ${tp[seller].taxId}`,
      ctx.notes,
    );
  });
  ctx.step(
    `${uploadNow.length} offline seller copies uploaded by ${bySeller.size} offline sellers (POST /v1/seller-copies)`,
  );
  return { all, beforeRevocation };
}

/** A sealed offline copy as the buyer holds it, to claim it like an invoice issued online. */
export function offlineAsIssued(sealed: OfflineSealedCopy, sellerTaxId: string, buyerTaxId: string): Issued {
  return {
    ...sealed,
    sellerTaxId,
    buyerTaxId,
    lines: [],
    seal: {
      signature: sealed.signature,
      contentHash: sealed.contentHash,
      certificateSerial: sealed.certificateSerial,
    },
  };
}

/** The device of the first offline seller is revoked (失控); it goes on sealing. */
export async function revokeDevice(
  ctx: DemoContext,
  copies: OfflineCopies,
  roundTwo: ClaimsByBuyer,
): Promise<void> {
  const { plan, serials } = ctx;
  const tp = plan.taxpayers;
  const revoked = plan.offlineCopies.find((o) => o.fate === 'revoked-before')?.seller;
  if (revoked === undefined) return;
  await ctx.bureau.post(`/v1/certificates/${serials[revoked]}/revoke`, {
    token: ctx.tokens.get(tp[revoked].bureauCode)!,
    idempotencyKey: `${plan.tag}-revoke`,
    body: { reason: '税控设备失控' },
  });
  const after = copies.all
    .filter((s) => s.copy.fate === 'revoked-after')
    .map((s) => ({ ...s, sealed: s.sealOne() }));
  const res = await ctx.collection.post<ClaimsResponse>('/v1/seller-copies', {
    token: ctx.apiKeys[revoked],
    idempotencyKey: `${plan.tag}-copies-after-${revoked}`,
    body: { invoices: after.map((s) => s.sealed) },
  });
  warnUnexpected(
    res.body,
    after.map(() => 'SEAL_REVOKED'),
    'copies sealed after the revocation',
    ctx.notes,
  );
  for (const s of after) {
    const asIssued = offlineAsIssued(s.sealed, tp[revoked].taxId, tp[s.copy.buyer].taxId);
    addClaim(roundTwo, s.copy.buyer, claimOf(asIssued), 'SEAL_REVOKED');
    expectFinding(
      ctx,
      asIssued,
      'REVOKED_SEAL',
      'sealed after the device was revoked, claimed with that seal',
    );
    expectFinding(ctx, asIssued, 'MISSING_SELLER_COPY', 'its seller copy was refused (revoked seal)');
  }
  ctx.step(
    `device ${serials[revoked]} of ${tp[revoked].taxId} revoked (POST /v1/certificates/{serial}/revoke); it sealed ${after.length} more`,
  );
}

function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    if (!m.has(k)) m.set(k, []);
    m.get(k)!.push(item);
  }
  return m;
}
