import http from 'node:http';
import { randomInt } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { newInvoiceCode, newNumberBlock } from '@app/testing';

/** The four facts a check names. */
export interface Facts {
  invoiceCode: string;
  invoiceNumber: string;
  issueDate: string;
  amount: string;
}

export const factsOf = (inv: Facts): Facts => ({
  invoiceCode: inv.invoiceCode,
  invoiceNumber: inv.invoiceNumber,
  issueDate: inv.issueDate,
  amount: inv.amount,
});

/** Facts of an invoice key nobody was ever allocated. */
export const unknownFacts = (): Facts => ({
  invoiceCode: newInvoiceCode('4400', 3),
  invoiceNumber: newNumberBlock()(1),
  issueDate: '2025-06-30',
  amount: '1000.00',
});

/** The same invoice key with a number `offset` further on (in the seller's range, never issued). */
export const laterNumber = (inv: Facts, offset = 500): Facts => ({
  ...factsOf(inv),
  invoiceNumber: String(Number(inv.invoiceNumber) + offset).padStart(8, '0'),
});

/**
 * A client of its own: its connections leave from a loopback address of its own
 * (127.a.b.c; all of 127/8 is this machine), so the app sees a distinct client IP. The
 * apps trust no proxy header, so a test cannot pose as another client any other way, and
 * this exercises the socket address production counts.
 */
export class TestClient {
  readonly address = `127.${randomInt(1, 255)}.${randomInt(1, 255)}.${randomInt(2, 255)}`;
  private readonly agent = new http.Agent({ localAddress: this.address });

  constructor(private readonly app: INestApplication) {}

  /** GET /v1/verify from this client's address, anonymous or with an API key. */
  verify(facts: Facts, apiKey?: string): request.Test {
    const req = request(this.app.getHttpServer())
      .get('/v1/verify')
      .query({ ...facts })
      .agent(this.agent);
    return apiKey === undefined ? req : req.set('Authorization', `Bearer ${apiKey}`);
  }

  close(): void {
    this.agent.destroy();
  }
}
