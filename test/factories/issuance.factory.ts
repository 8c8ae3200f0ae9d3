import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { RegistryFactory, TaxpayerFixture } from './registry.factory';

export interface EnrolledTaxpayer extends TaxpayerFixture {
  apiKey: string;
  certificate: string;
  chain: string;
  serialNumber: string;
  /** The first issue date its certificate can seal (Asia/Shanghai). */
  earliestIssueDate: string;
}

/** Invoice codes of Guangdong (region 4400), year 26, amount version 1–4. */
export const GUANGDONG_CODES = {
  v1: '4400261131',
  v2: '4400261132',
  v3: '4400261133',
  v4: '4400261134',
} as const;

/** Registers (SQL), enrolls (through the issuance API) and allocates a range: a seller ready to issue. */
export async function enrolledTaxpayer(
  app: INestApplication,
  opts: Parameters<RegistryFactory['taxpayer']>[0] & { invoiceCode?: string | null; rangeSize?: number } = {},
): Promise<EnrolledTaxpayer> {
  const registry = new RegistryFactory(app.get(DataSource));
  const taxpayer = await registry.taxpayer(opts);
  const res = await request(app.getHttpServer())
    .post('/v1/enrollment')
    .send({ taxId: taxpayer.taxId, enrollmentToken: taxpayer.enrollmentToken })
    .expect(201);
  const code = opts.invoiceCode === undefined ? GUANGDONG_CODES.v3 : opts.invoiceCode;
  if (code) await registry.numberRange(taxpayer.taxId, code, opts.rangeSize ?? 1000);
  return { ...taxpayer, ...(res.body as Omit<EnrolledTaxpayer, keyof TaxpayerFixture>) };
}

/** A valid special-invoice body for `buyer`: two lines at 13% and 6%, totals left to the server. */
export function invoiceBody(buyer: { taxId: string; name: string }, overrides: Record<string, unknown> = {}) {
  return {
    type: 'special',
    buyerTaxId: buyer.taxId,
    buyerName: buyer.name,
    lines: [
      { description: '办公用品', quantity: '10', unitPrice: '100', amount: '1000.00', taxRate: '0.13' },
      { description: '技术服务', amount: '500.00', taxRate: '0.06', taxAmount: '30.00' },
    ],
    ...overrides,
  };
}
