import { periodEnd } from '@app/domain';
import { beijing, dateIn } from '../economy-calendar';
import type { FaultScenario } from './fault-scenario';

/** 属于作废: claims of voided or fully credited invoices; credit notes that leave something. */
export const VOID_AND_CREDIT_SCENARIOS: readonly FaultScenario[] = [
  {
    name: 'claim of a voided invoice, refused at intake (INVOICE_VOIDED → 属于作废)',
    plant(ctx) {
      const { seller, buyer } = ctx.parties({ crossProvince: true });
      const sale = ctx.sale(seller, buyer, { date: ctx.day(undefined, 1, 20) });
      ctx.online(sale, { voidedAt: beijing(sale.issueDate, 17) });
      ctx.expectClaim('VOID_CLAIMED', ctx.claim(sale, buyer, { reason: 'INVOICE_VOIDED' }), sale);
    },
  },
  {
    name: 'voided invoice nobody claimed: not unclaimed',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer);
      ctx.online(sale, { voidedAt: beijing(sale.issueDate, 18) });
    },
  },
  {
    name: 'voided invoice deducted, then claimed again in the same file (属于作废, 重号)',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer);
      // Voided after its buyer deducted it: intake and the void rule refuse that, so this
      // is the anomaly (a void forced through) that the audit exists to catch.
      ctx.online(sale, { voidedAt: beijing(periodEnd(ctx.calendar.period), 23, 59) });
      const file = ctx.upload();
      ctx.expectClaim('VOID_CLAIMED', ctx.claim(sale, buyer, { upload: file(1) }), sale);
      const again = ctx.claim(sale, buyer, { upload: file(2), reason: 'DUPLICATE_IN_FILE' });
      ctx.expectClaim('DUPLICATE_CLAIM', again, sale);
    },
  },
  {
    name: 'fully credited invoice claimed (属于作废)',
    plant(ctx) {
      const { seller, buyer } = ctx.parties({ crossProvince: true });
      const sale = ctx.sale(seller, buyer, { date: ctx.day(undefined, 1, 20) });
      const invoice = ctx.online(sale);
      ctx.creditNote(invoice, ctx.day(undefined, 21), 'rest');
      ctx.expectClaim('VOID_CLAIMED', ctx.claim(sale, buyer), sale);
    },
  },
  {
    name: 'credited in full by two notes, claimed',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer, { date: ctx.day(undefined, 1, 10) });
      const invoice = ctx.online(sale);
      ctx.creditNote(invoice, ctx.day(undefined, 11, 15), Math.floor(sale.amount / 3));
      ctx.creditNote(invoice, ctx.day(undefined, 16), 'rest');
      ctx.expectClaim('VOID_CLAIMED', ctx.claim(sale, buyer), sale);
    },
  },
  {
    name: 'fully credited invoice claimed twice by its buyer (属于作废, 重号)',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer, { date: ctx.day(undefined, 1, 20) });
      ctx.creditNote(ctx.online(sale), ctx.day(undefined, 21), 'rest');
      ctx.expectClaim('VOID_CLAIMED', ctx.claim(sale, buyer), sale);
      ctx.expectClaim('DUPLICATE_CLAIM', ctx.claim(sale, buyer, { reason: 'ALREADY_CLAIMED' }), sale);
    },
  },
  {
    name: 'credited in full by a note of the next period: fully credited all the same',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer);
      ctx.creditNote(ctx.online(sale), dateIn(ctx.calendar.next, 3), 'rest');
      ctx.expectClaim('VOID_CLAIMED', ctx.claim(sale, buyer), sale);
    },
  },
  {
    name: 'partially credited invoice claimed: matched',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer, { date: ctx.day(undefined, 1, 20) });
      ctx.creditNote(ctx.online(sale), ctx.day(undefined, 21), Math.floor(sale.amount / 2));
      ctx.claim(sale, buyer);
      ctx.expectMatched();
    },
  },
  {
    name: 'partially credited invoice unclaimed: unclaimed (the credit note is not)',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer, { date: ctx.day(undefined, 1, 20) });
      ctx.creditNote(ctx.online(sale), ctx.day(undefined, 21), 100);
      ctx.expectCopy('UNCLAIMED', sale);
    },
  },
  {
    name: 'fully credited invoice nobody claimed: not unclaimed',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer, { date: ctx.day(undefined, 1, 20) });
      ctx.creditNote(ctx.online(sale), ctx.day(undefined, 21), 'rest');
    },
  },
];
