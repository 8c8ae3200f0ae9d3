import { addDays } from '../economy-calendar';
import type { FaultScenario } from './fault-scenario';

/** 相符, 不符 (each compared field), 大头小尾 and 滞留: one claim against one seller copy. */
export const MISMATCH_SCENARIOS: readonly FaultScenario[] = [
  {
    name: 'matched claim of an offline copy (相符)',
    plant(ctx) {
      const { seller, buyer } = ctx.parties({ crossProvince: true });
      const sale = ctx.sale(seller, buyer);
      ctx.offline(sale);
      ctx.claim(sale, buyer);
      ctx.expectMatched();
    },
  },
  {
    name: 'claim of an invoice issued the period before',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer, { date: ctx.day(ctx.calendar.previous) });
      ctx.offline(sale);
      ctx.claim(sale, buyer);
      ctx.expectMatched();
    },
  },
  {
    name: 'issue date differs (不符: issueDate), across provinces',
    plant(ctx) {
      const { seller, buyer } = ctx.parties({ crossProvince: true });
      const sale = ctx.sale(seller, buyer, { date: ctx.day(undefined, 2) });
      ctx.offline(sale);
      const claim = ctx.claim(sale, buyer, { changes: { issueDate: addDays(sale.issueDate, -1) } });
      ctx.expectClaim('FIELD_MISMATCH', claim, sale);
    },
  },
  {
    name: 'claim names another seller (不符: sellerTaxId)',
    plant(ctx) {
      const { seller, buyer, others } = ctx.parties({ others: 1 });
      const sale = ctx.sale(seller, buyer);
      ctx.offline(sale);
      const claim = ctx.claim(sale, buyer, { changes: { sellerTaxId: others[0].taxId } });
      ctx.expectClaim('FIELD_MISMATCH', claim, sale);
    },
  },
  {
    name: 'claimed by a company that is not the buyer, before the copy was uploaded (不符: buyerTaxId)',
    plant(ctx) {
      const { seller, buyer, others } = ctx.parties({ crossProvince: false, others: 1 });
      const sale = ctx.sale(seller, buyer);
      const claim = ctx.claim(sale, others[0]);
      ctx.offline(sale);
      // Deducted by someone, so not 滞留, though its buyer never claimed it.
      ctx.expectClaim('FIELD_MISMATCH', claim, sale);
    },
  },
  {
    name: 'amount understated (不符: amount)',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer);
      ctx.offline(sale);
      const claim = ctx.claim(sale, buyer, { changes: { amount: sale.amount - 10_000 } });
      ctx.expectClaim('FIELD_MISMATCH', claim, sale);
    },
  },
  {
    name: 'tax understated (不符: taxAmount)',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer);
      ctx.offline(sale);
      const claim = ctx.claim(sale, buyer, { changes: { tax: sale.tax - 50 } });
      ctx.expectClaim('FIELD_MISMATCH', claim, sale);
    },
  },
  {
    name: 'issue date and amount both differ: one finding',
    plant(ctx) {
      const { seller, buyer } = ctx.parties({ crossProvince: true });
      const sale = ctx.sale(seller, buyer, { date: ctx.day(undefined, 1, 27) });
      ctx.offline(sale);
      const claim = ctx.claim(sale, buyer, {
        changes: { issueDate: addDays(sale.issueDate, 1), amount: sale.amount - 1 },
      });
      ctx.expectClaim('FIELD_MISMATCH', claim, sale);
    },
  },
  {
    name: 'amount overstated, tax equal (大头小尾 with nothing at risk)',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer);
      ctx.offline(sale);
      const claim = ctx.claim(sale, buyer, { changes: { amount: sale.amount + 100_000 } });
      ctx.expectClaim('OVERSTATED_CLAIM', claim, sale, 0);
    },
  },
  {
    name: 'tax overstated (大头小尾)',
    plant(ctx) {
      const { seller, buyer } = ctx.parties({ crossProvince: true });
      const sale = ctx.sale(seller, buyer);
      ctx.offline(sale);
      const claim = ctx.claim(sale, buyer, { changes: { tax: sale.tax + 12_000 } });
      ctx.expectClaim('OVERSTATED_CLAIM', claim, sale, 12_000);
    },
  },
  {
    name: 'amount and tax overstated and the date differs: overstated only',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer, { date: ctx.day(undefined, 2) });
      ctx.offline(sale);
      const claim = ctx.claim(sale, buyer, {
        changes: { issueDate: addDays(sale.issueDate, -1), amount: sale.amount * 2, tax: sale.tax * 2 },
      });
      ctx.expectClaim('OVERSTATED_CLAIM', claim, sale, sale.tax);
    },
  },
  {
    name: 'amount overstated while tax understated: overstated, nothing at risk',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer);
      ctx.offline(sale);
      const claim = ctx.claim(sale, buyer, { changes: { amount: sale.amount + 500, tax: sale.tax - 500 } });
      ctx.expectClaim('OVERSTATED_CLAIM', claim, sale, 0);
    },
  },
  {
    name: 'unclaimed special invoice (滞留)',
    plant(ctx) {
      const { seller, buyer } = ctx.parties({ crossProvince: false });
      ctx.expectCopy('UNCLAIMED', ctx.offline(ctx.sale(seller, buyer)));
    },
  },
  {
    name: 'unclaimed across provinces: informational, no assist request',
    plant(ctx) {
      const { seller, buyer } = ctx.parties({ crossProvince: true });
      ctx.expectCopy('UNCLAIMED', ctx.online(ctx.sale(seller, buyer)));
    },
  },
  {
    name: 'ordinary invoices are never unclaimed',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      ctx.offline(ctx.sale(seller, buyer, { type: 'ordinary' }));
      ctx.online(ctx.sale(seller, buyer, { type: 'ordinary' }));
    },
  },
  {
    name: 'ordinary invoice claimed: a clerical refusal the audit does not judge',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer, { type: 'ordinary' });
      ctx.offline(sale);
      ctx.claim(sale, buyer, { reason: 'NOT_SPECIAL_INVOICE' });
    },
  },
  {
    name: 'claimed in the next period: not unclaimed, not judged here',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const sale = ctx.sale(seller, buyer);
      ctx.offline(sale);
      ctx.claim(sale, buyer, { period: ctx.calendar.next });
    },
  },
];
