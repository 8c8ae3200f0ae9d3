import { addDays, beijing } from '../economy-calendar';
import type { FaultScenario } from './fault-scenario';

/**
 * Rows stamped after the run's watermark (DESIGN §7: a run's input is what was stamped at
 * or before its start). They stand for what arrives while an audit runs; the economy
 * stamps them at `lateAt`, far enough ahead that every run of the test starts before it.
 */
export const LATE_ARRIVAL_SCENARIOS: readonly FaultScenario[] = [
  {
    name: 'credit note issued after the watermark: the claim still matches',
    late: true,
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer, { date: ctx.day(undefined, 1, 20) });
      ctx.creditNote(ctx.online(sale), ctx.day(undefined, 21), 'rest', { late: true });
      ctx.claim(sale, buyer);
      ctx.expectMatched();
    },
  },
  {
    name: 'void recorded after the watermark: the claim still matches',
    late: true,
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer);
      ctx.online(sale, { voidLate: true });
      ctx.claim(sale, buyer);
      ctx.expectMatched();
    },
  },
  {
    name: 'seller copy uploaded after the watermark: missing for now',
    late: true,
    plant(ctx) {
      const { seller, buyer } = ctx.parties({ crossProvince: true });
      const sale = ctx.sale(seller, buyer);
      ctx.offline(sale, { late: true });
      ctx.expectClaim('MISSING_SELLER_COPY', ctx.claim(sale, buyer), null);
    },
  },
  {
    name: 'claim made after the watermark: the copy is unclaimed for now',
    late: true,
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer);
      ctx.offline(sale);
      ctx.claim(sale, buyer, { late: true });
      ctx.expectCopy('UNCLAIMED', sale);
    },
  },
  {
    name: 'second claim made after the watermark: no duplicate yet',
    late: true,
    plant(ctx) {
      const { seller, buyer, others } = ctx.parties({ others: 1 });
      const sale = ctx.sale(seller, buyer);
      ctx.offline(sale);
      ctx.claim(sale, buyer);
      ctx.expectMatched();
      ctx.claim(sale, others[0], { late: true });
    },
  },
  {
    name: 'revocation recorded after the watermark: not yet out of control',
    late: true,
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const device = ctx.device(seller);
      const date = ctx.day(undefined, 4);
      ctx.revoke(device, beijing(addDays(date, -2), 9), { late: true });
      const sale = ctx.sale(seller, buyer, { device, date });
      ctx.offline(sale);
      ctx.claim(sale, buyer);
      ctx.expectMatched();
    },
  },
];
