import { SEAL_FAILURE_REASONS } from '@app/domain';
import type { FaultScenario } from './fault-scenario';

/** 缺联 and 假票: claims of invoices with no seller copy, or that cannot exist. */
export const FORGERY_SCENARIOS: readonly FaultScenario[] = [
  {
    name: 'missing seller copy (缺联)',
    plant(ctx) {
      const { seller, buyer } = ctx.parties({ crossProvince: false });
      const sale = ctx.sale(seller, buyer);
      ctx.expectClaim('MISSING_SELLER_COPY', ctx.claim(sale, buyer), null);
    },
  },
  {
    name: 'missing seller copy across provinces (缺联, 协查)',
    plant(ctx) {
      const { seller, buyer } = ctx.parties({ crossProvince: true });
      const sale = ctx.sale(seller, buyer);
      ctx.expectClaim('MISSING_SELLER_COPY', ctx.claim(sale, buyer), null);
    },
  },
  {
    name: 'a seller copy refused at intake is no seller copy',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer);
      ctx.offline(sale, { reasonCode: 'SEAL_MISMATCH' });
      ctx.expectClaim('MISSING_SELLER_COPY', ctx.claim(sale, buyer), null);
    },
  },
  {
    name: 'number never allocated, across provinces (假票, 协查)',
    plant(ctx) {
      const { seller, buyer } = ctx.parties({ crossProvince: true });
      const sale = ctx.sale(seller, buyer, { key: ctx.forgedKey(seller) });
      ctx.expectClaim('FORGED', ctx.claim(sale, buyer), null);
    },
  },
  {
    name: "number of another seller's range (假票)",
    plant(ctx) {
      const { seller, buyer, others } = ctx.parties({ others: 1 });
      const sale = ctx.sale(seller, buyer, { key: ctx.keyOf(others[0]) });
      ctx.expectClaim('FORGED', ctx.claim(sale, buyer), null);
    },
  },
  {
    name: 'forged claim naming an unregistered seller: routed to the buyer only, no assist',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer, { key: ctx.forgedKey(seller) });
      const claim = ctx.claim(sale, buyer, { changes: { sellerTaxId: ctx.unregisteredTaxId() } });
      ctx.expectClaim('FORGED', claim, null);
    },
  },
  {
    name: 'forged invoice claimed by two buyers (假票 twice, 重号)',
    plant(ctx) {
      const { seller, buyer, others } = ctx.parties({ crossProvince: true, others: 1 });
      const sale = ctx.sale(seller, buyer, { key: ctx.forgedKey(seller) });
      ctx.expectClaim('FORGED', ctx.claim(sale, buyer), null);
      const second = ctx.claim(sale, others[0]);
      ctx.expectClaim('FORGED', second, null);
      ctx.expectClaim('DUPLICATE_CLAIM', second, null);
    },
  },
  {
    name: 'claimed amount above the code version cap, with a copy under it: forged, not overstated',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer, { version: 1, amount: 950_000 });
      ctx.offline(sale);
      const claim = ctx.claim(sale, buyer, { changes: { amount: 1_000_001 } });
      ctx.expectClaim('FORGED', claim, sale);
    },
  },
  {
    name: 'copy and claim both above the version cap',
    plant(ctx) {
      const { seller, buyer } = ctx.parties({ crossProvince: true });
      const sale = ctx.sale(seller, buyer, { version: 1, amount: 1_000_001 });
      ctx.offline(sale);
      ctx.expectClaim('FORGED', ctx.claim(sale, buyer), sale);
    },
  },
  {
    name: 'amount exactly at the version cap is genuine',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer, { version: 1, amount: 1_000_000 });
      ctx.offline(sale);
      ctx.claim(sale, buyer);
      ctx.expectMatched();
    },
  },
  {
    name: 'above the cap with no copy: forged, not missing',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer, { version: 1, amount: 1_200_000 });
      ctx.expectClaim('FORGED', ctx.claim(sale, buyer), null);
    },
  },
  ...SEAL_FAILURE_REASONS.map((reason): FaultScenario => ({
    name: `seal refused at intake (${reason}): forged, and the copy stays unclaimed`,
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer);
      ctx.offline(sale);
      ctx.expectClaim('FORGED', ctx.claim(sale, buyer, { reason }), sale);
      ctx.expectCopy('UNCLAIMED', sale);
    },
  })),
  {
    name: 'seal refused and no copy: forged only',
    plant(ctx) {
      const { seller, buyer } = ctx.parties({ crossProvince: true });
      const sale = ctx.sale(seller, buyer);
      ctx.expectClaim('FORGED', ctx.claim(sale, buyer, { reason: 'SEAL_MISMATCH' }), null);
    },
  },
  {
    // A refused attempt is evidence, not a claim for deduction: it does not make the
    // genuine claim of the same invoice a second one.
    name: 'seal refused, then the genuine seal: the refusal is forged, the claim matches',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer);
      ctx.offline(sale);
      ctx.expectClaim('FORGED', ctx.claim(sale, buyer, { reason: 'SEAL_MISMATCH' }), sale);
      ctx.claim(sale, buyer);
      ctx.expectMatched();
    },
  },
  {
    name: 'missing copy claimed twice in one file (缺联, 重号)',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer);
      const file = ctx.upload();
      ctx.expectClaim('MISSING_SELLER_COPY', ctx.claim(sale, buyer, { upload: file(7) }), null);
      const again = ctx.claim(sale, buyer, { upload: file(8), reason: 'DUPLICATE_IN_FILE' });
      ctx.expectClaim('DUPLICATE_CLAIM', again, null);
    },
  },
];
