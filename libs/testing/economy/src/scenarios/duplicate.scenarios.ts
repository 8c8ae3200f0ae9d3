import type { FaultScenario } from './fault-scenario';

/**
 * 重号: an invoice claimed more than once. Claims that count are the accepted ones and the
 * refusals that are second claims (ALREADY_CLAIMED, DUPLICATE_IN_REQUEST/FILE), in every
 * period; the first is the first accepted by id, else the first by id. Other refusals
 * (NOT_THE_BUYER, clerical ones) are not claims for deduction and never duplicates.
 */
export const DUPLICATE_SCENARIOS: readonly FaultScenario[] = [
  {
    name: "a second company claims someone else's invoice (重号 + 不符)",
    plant(ctx) {
      const { seller, buyer, others } = ctx.parties({ crossProvince: true, others: 1 });
      const sale = ctx.sale(seller, buyer);
      ctx.offline(sale);
      ctx.claim(sale, buyer);
      ctx.expectMatched();
      const second = ctx.claim(sale, others[0]);
      ctx.expectClaim('FIELD_MISMATCH', second, sale);
      ctx.expectClaim('DUPLICATE_CLAIM', second, sale);
    },
  },
  {
    name: 'the impostor claimed first: the true buyer holds the second claim',
    plant(ctx) {
      const { seller, buyer, others } = ctx.parties({ others: 1 });
      const sale = ctx.sale(seller, buyer);
      ctx.offline(sale);
      ctx.expectClaim('FIELD_MISMATCH', ctx.claim(sale, others[0]), sale);
      ctx.expectClaim('DUPLICATE_CLAIM', ctx.claim(sale, buyer), sale);
    },
  },
  {
    name: 'claimed again a period later (ALREADY_CLAIMED across periods)',
    plant(ctx) {
      const { seller, buyer } = ctx.parties({ crossProvince: true });
      const sale = ctx.sale(seller, buyer, { date: ctx.day(ctx.calendar.previous) });
      ctx.offline(sale);
      ctx.claim(sale, buyer, { period: ctx.calendar.previous });
      const again = ctx.claim(sale, buyer, { reason: 'ALREADY_CLAIMED' });
      ctx.expectClaim('DUPLICATE_CLAIM', again, sale);
    },
  },
  {
    name: 'the same invoice twice in one file (DUPLICATE_IN_FILE)',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer);
      ctx.offline(sale);
      const file = ctx.upload();
      ctx.claim(sale, buyer, { upload: file(3) });
      ctx.expectMatched();
      const again = ctx.claim(sale, buyer, { upload: file(4), reason: 'DUPLICATE_IN_FILE' });
      ctx.expectClaim('DUPLICATE_CLAIM', again, sale);
    },
  },
  {
    name: 'the same invoice twice in one request (DUPLICATE_IN_REQUEST)',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer);
      ctx.online(sale);
      ctx.claim(sale, buyer);
      ctx.expectMatched();
      ctx.expectClaim('DUPLICATE_CLAIM', ctx.claim(sale, buyer, { reason: 'DUPLICATE_IN_REQUEST' }), sale);
    },
  },
  {
    name: 'claimed three times by one buyer: one duplicate finding',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer);
      ctx.offline(sale);
      ctx.claim(sale, buyer);
      ctx.expectMatched();
      ctx.expectClaim('DUPLICATE_CLAIM', ctx.claim(sale, buyer, { reason: 'ALREADY_CLAIMED' }), sale);
      const file = ctx.upload();
      ctx.claim(sale, buyer, { upload: file(1), reason: 'DUPLICATE_IN_FILE' });
    },
  },
  {
    name: 'a company that is not the buyer, refused at intake (NOT_THE_BUYER → 不符)',
    plant(ctx) {
      const { seller, buyer, others } = ctx.parties({ others: 1 });
      const sale = ctx.sale(seller, buyer);
      ctx.offline(sale);
      ctx.claim(sale, buyer);
      ctx.expectMatched();
      ctx.expectClaim('FIELD_MISMATCH', ctx.claim(sale, others[0], { reason: 'NOT_THE_BUYER' }), sale);
    },
  },
  {
    name: 'NOT_THE_BUYER after a duplicate: a refusal that is no claim is no duplicate',
    plant(ctx) {
      const { seller, buyer, others } = ctx.parties({ crossProvince: true, others: 1 });
      const sale = ctx.sale(seller, buyer);
      ctx.offline(sale);
      ctx.claim(sale, buyer);
      ctx.expectMatched();
      ctx.expectClaim('DUPLICATE_CLAIM', ctx.claim(sale, buyer, { reason: 'DUPLICATE_IN_REQUEST' }), sale);
      ctx.expectClaim('FIELD_MISMATCH', ctx.claim(sale, others[0], { reason: 'NOT_THE_BUYER' }), sale);
    },
  },
  {
    name: 'a clerical refusal before the claim does not make it a second claim',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer);
      ctx.offline(sale);
      ctx.claim(sale, buyer, { period: ctx.calendar.previous, reason: 'ISSUE_DATE_AFTER_PERIOD' });
      ctx.claim(sale, buyer);
      ctx.expectMatched();
    },
  },
  {
    name: 'a second claim in the next period is judged there, not here',
    plant(ctx) {
      const { seller, buyer, others } = ctx.parties({ others: 1 });
      const sale = ctx.sale(seller, buyer);
      ctx.offline(sale);
      ctx.claim(sale, buyer);
      ctx.expectMatched();
      ctx.claim(sale, others[0], { period: ctx.calendar.next });
    },
  },
];
