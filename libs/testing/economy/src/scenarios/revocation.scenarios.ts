import { addDays, beijing, dateIn } from '../economy-calendar';
import type { FaultScenario } from './fault-scenario';

/**
 * 失控: seals made by a device after its certificate was revoked. An online seal is timed
 * (revoked at or before the instant of issue); an offline seal is dated (revoked on or
 * before the issue date, on the Beijing calendar). Each scenario revokes a device of its own.
 */
export const REVOCATION_SCENARIOS: readonly FaultScenario[] = [
  {
    name: 'claim refused for a revoked seal (SEAL_REVOKED → 失控), copy unclaimed',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const device = ctx.device(seller);
      const date = ctx.day(undefined, 5);
      ctx.revoke(device, beijing(addDays(date, -3), 9));
      const sale = ctx.sale(seller, buyer, { device, date });
      ctx.offline(sale);
      // The claim's and the copy's view of the seal name the same finding: one, at the claim's tax.
      ctx.expectClaim('REVOKED_SEAL', ctx.claim(sale, buyer, { reason: 'SEAL_REVOKED' }), sale);
      ctx.expectCopy('UNCLAIMED', sale);
    },
  },
  {
    name: 'offline copy sealed on the day of the revocation (Beijing calendar): 失控',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const device = ctx.device(seller);
      const date = ctx.day(undefined, 2, 27);
      ctx.revoke(device, beijing(date, 23, 30));
      const sale = ctx.sale(seller, buyer, { device, date });
      ctx.offline(sale);
      ctx.claim(sale, buyer);
      ctx.expectMatched();
      ctx.expectCopy('REVOKED_SEAL', sale);
    },
  },
  {
    name: 'revoked at 00:30 the next day in Beijing (still the issue date in UTC): trusted',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const device = ctx.device(seller);
      const date = ctx.day(undefined, 2, 27);
      ctx.revoke(device, beijing(addDays(date, 1), 0, 30));
      const sale = ctx.sale(seller, buyer, { device, date });
      ctx.offline(sale);
      ctx.claim(sale, buyer);
      ctx.expectMatched();
    },
  },
  {
    name: 'online invoice sealed a minute after the revocation: 失控',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const device = ctx.device(seller);
      const date = ctx.day();
      ctx.revoke(device, beijing(date, 9, 0));
      const sale = ctx.sale(seller, buyer, { device, date });
      ctx.online(sale, { issuedAt: beijing(date, 9, 1) });
      ctx.claim(sale, buyer);
      ctx.expectMatched();
      ctx.expectCopy('REVOKED_SEAL', sale);
    },
  },
  {
    name: 'online invoice sealed a minute before the revocation, the same day: trusted',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const device = ctx.device(seller);
      const date = ctx.day();
      ctx.revoke(device, beijing(date, 9, 1));
      const sale = ctx.sale(seller, buyer, { device, date });
      ctx.online(sale, { issuedAt: beijing(date, 9, 0) });
      ctx.claim(sale, buyer);
      ctx.expectMatched();
    },
  },
  {
    name: 'revoked device and an overstated claim: both',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const device = ctx.device(seller);
      const date = ctx.day(undefined, 10);
      ctx.revoke(device, beijing(addDays(date, -1), 15));
      const sale = ctx.sale(seller, buyer, { device, date });
      ctx.offline(sale);
      const claim = ctx.claim(sale, buyer, { changes: { tax: sale.tax + 20_000 } });
      ctx.expectClaim('OVERSTATED_CLAIM', claim, sale, 20_000);
      ctx.expectCopy('REVOKED_SEAL', sale);
    },
  },
  {
    name: 'revoked seal across provinces (失控, 协查)',
    plant(ctx) {
      const { seller, buyer } = ctx.parties({ crossProvince: true });
      const device = ctx.device(seller);
      const date = ctx.day(undefined, 3);
      ctx.revoke(device, beijing(addDays(date, -2), 11));
      const sale = ctx.sale(seller, buyer, { device, date });
      ctx.offline(sale);
      ctx.claim(sale, buyer);
      ctx.expectMatched();
      ctx.expectCopy('REVOKED_SEAL', sale);
    },
  },
  {
    name: 'revoked the next period: what it sealed before stays trusted',
    plant(ctx) {
      const { seller, buyer } = ctx.parties();
      const device = ctx.device(seller);
      ctx.revoke(device, beijing(dateIn(ctx.calendar.next, 2), 10));
      const sale = ctx.sale(seller, buyer, { device });
      ctx.offline(sale);
      ctx.claim(sale, buyer);
      ctx.expectMatched();
    },
  },
];
