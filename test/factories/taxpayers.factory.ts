import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { BUREAUS } from './bureaus.fixture';
import { newTaxId } from './tax-ids.factory';

export interface RegisteredTaxpayer {
  taxId: string;
  bureauCode: string;
  industry: string | null;
  enrollmentToken: string;
  enrollmentTokenExpiresAt: string;
}

/**
 * A registration body (POST /v1/taxpayers) for a fresh taxpayer: a Tianhe general taxpayer
 * with amount version 3, `fields` laid over it (any field, as a test sends it).
 */
export function registrationBody(fields: object = {}): { taxId: string; [field: string]: unknown } {
  const given = fields as Record<string, unknown>;
  const bureauCode = typeof given.bureauCode === 'string' ? given.bureauCode : BUREAUS.tianhe;
  return {
    taxId: newTaxId(bureauCode.slice(1, 7)),
    name: '广州示例贸易有限公司',
    bureauCode,
    kind: 'general',
    maxAmountVersion: 3,
    ...fields,
  };
}

/**
 * Registers a fresh taxpayer through the API (a Tianhe general taxpayer with amount
 * version 3 and no industry unless told otherwise) and returns the response body.
 */
export async function registerTaxpayer(
  app: INestApplication,
  token: string,
  overrides: {
    bureauCode?: string;
    maxAmountVersion?: number;
    kind?: string;
    taxId?: string;
    industry?: string;
  } = {},
): Promise<RegisteredTaxpayer> {
  const bureauCode = overrides.bureauCode ?? BUREAUS.tianhe;
  const res = await request(app.getHttpServer())
    .post('/v1/taxpayers')
    .set('Authorization', `Bearer ${token}`)
    .send(registrationBody({ ...overrides, bureauCode }))
    .expect(201);
  return res.body as RegisteredTaxpayer;
}

/** Moves a taxpayer to another status through the API (normal ↔ abnormal, → deregistered). */
export async function setTaxpayerStatus(
  app: INestApplication,
  token: string,
  taxId: string,
  status: 'normal' | 'abnormal' | 'deregistered',
): Promise<void> {
  await request(app.getHttpServer())
    .patch(`/v1/taxpayers/${taxId}`)
    .set('Authorization', `Bearer ${token}`)
    .send({ status, reason: 'test' })
    .expect(200);
}
