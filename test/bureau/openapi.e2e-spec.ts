import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { BureauAppModule } from '../../apps/bureau/src/app.module';
import { createTestApp } from '@app/testing';

interface Operation {
  summary?: string;
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}

describe('bureau OpenAPI document', () => {
  let app: INestApplication;
  let spec: {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, { properties: Record<string, unknown> }> };
  };
  beforeAll(async () => {
    app = await createTestApp(BureauAppModule);
    spec = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
  });
  afterAll(() => app.close());

  it.each([
    ['post', '/v1/taxpayers/{taxId}/number-ranges', '201', 'NumberRangeDto'],
    ['get', '/v1/taxpayers/{taxId}/number-ranges', '200', 'NumberRangePageDto'],
    ['post', '/v1/certificates/{serial}/revoke', '200', 'RevocationDto'],
    ['get', '/v1/taxpayers/{taxId}/certificates', '200', 'CertificatePageDto'],
    ['post', '/v1/taxpayers/{taxId}/enrollment-token', '201', 'EnrollmentTokenDto'],
    ['get', '/v1/findings', '200', 'FindingPageDto'],
    ['get', '/v1/findings/{id}', '200', 'FindingDetailDto'],
    ['patch', '/v1/findings/{id}', '200', 'FindingDetailDto'],
    ['get', '/v1/reports/summary', '200', 'ReportSummaryDto'],
    ['get', '/v1/reports/trend', '200', 'ReportTrendDto'],
    ['get', '/v1/risk/taxpayers', '200', 'RiskRankingPageDto'],
    ['get', '/v1/taxpayers/{taxId}/risk', '200', 'TaxpayerRiskDto'],
  ])('documents %s %s with a summary and its %s body', (method, path, status, schema) => {
    const op = spec.paths[path]?.[method];
    expect(op?.summary).toEqual(expect.any(String));
    expect(op.responses[status].content?.['application/json'].schema?.$ref).toBe(
      `#/components/schemas/${schema}`,
    );
  });

  it.each([
    ['AllocateNumberRangeDto', ['invoiceCode', 'startNumber', 'endNumber']],
    [
      'NumberRangeDto',
      ['id', 'taxId', 'invoiceCode', 'startNumber', 'endNumber', 'amountVersion', 'allocatedAt'],
    ],
    ['NumberRangeUsageDto', ['id', 'invoiceCode', 'nextNumber', 'remaining']],
    ['RevokeCertificateDto', ['reason', 'revokedAt']],
    [
      'CertificateDto',
      ['serialNumber', 'keySource', 'notBefore', 'notAfter', 'createdAt', 'revokedAt', 'revocationReason'],
    ],
    ['EnrollmentTokenDto', ['enrollmentToken', 'enrollmentTokenExpiresAt']],
    [
      'FindingDto',
      [
        'id',
        'period',
        'category',
        'status',
        'invoiceCode',
        'invoiceNumber',
        'sellerTaxId',
        'buyerTaxId',
        'taxAtRisk',
        'details',
      ],
    ],
    ['FindingDetailDto', ['sellerCopies', 'claims', 'history', 'caseTrail', 'assistRequest']],
    ['ChangeCaseDto', ['status', 'comment']],
    ['RiskRankingItemDto', ['taxId', 'name', 'bureauCode', 'score', 'categories', 'taxAtRisk']],
    [
      'TaxpayerRiskDto',
      [
        'taxId',
        'name',
        'bureauCode',
        'status',
        'industry',
        'registeredAt',
        'period',
        'score',
        'parts',
        'ruleSetVersion',
        'computedAt',
        'taxAtRisk',
        'categories',
        'findings',
        'trend',
      ],
    ],
    ['RiskTrendPointDto', ['period', 'issuedAmount', 'issuedTax', 'claimedAmount', 'claimedTax']],
  ])('describes every field of %s', (schema, fields) => {
    expect(Object.keys(spec.components.schemas[schema].properties)).toEqual(expect.arrayContaining(fields));
  });

  it('documents the findings export as CSV and XLSX', () => {
    const op = spec.paths['/v1/findings/export']?.get;
    expect(op?.summary).toEqual(expect.any(String));
    expect(Object.keys(op.responses['200'].content ?? {})).toEqual(
      expect.arrayContaining([
        'text/csv; charset=utf-8',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ]),
    );
  });
});
