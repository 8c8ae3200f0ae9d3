import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DEFAULT_RULE_SET } from '@app/domain';
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
    app = await createTestApp(BureauAppModule.forRoot());
    spec = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
  });
  afterAll(() => app.close());

  it.each([
    ['get', '/v1/taxpayers/{taxId}', '200', 'TaxpayerDto'],
    ['get', '/v1/taxpayers/{taxId}/status-history', '200', 'TaxpayerStatusHistoryDto'],
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
    ['post', '/v1/audits', '202', 'AuditRunDto'],
    ['get', '/v1/rule-sets', '200', 'RuleSetPageDto'],
    ['get', '/v1/rule-sets/{version}', '200', 'RuleSetDto'],
    ['post', '/v1/rule-sets', '201', 'RuleSetDto'],
    ['post', '/v1/rule-sets/{version}/activate', '200', 'RuleSetDto'],
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
    ['RegisterTaxpayerDto', ['taxId', 'name', 'bureauCode', 'kind', 'maxAmountVersion', 'industry']],
    ['ChangeTaxpayerDto', ['status', 'reason', 'rateLimit', 'industry']],
    ['TaxpayerDto', ['taxId', 'status', 'industry', 'createdAt', 'updatedAt', 'rateLimit']],
    ['TaxpayerStatusChangeDto', ['from', 'to', 'reason', 'changedAt', 'changedBy', 'changedByUsername']],
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
    ['StartAuditDto', ['period', 'bureauCode', 'taxIds', 'declarationTolerance', 'ruleSetVersion', 'dryRun']],
    ['AuditRunDto', ['ruleSetVersion', 'dryRun', 'baselineRuleVersion', 'backtest', 'riskMs', 'publishes']],
    ['BacktestDto', ['candidateVersion', 'baselineVersion', 'categories']],
    ['BacktestCategoryDto', ['candidate', 'baseline', 'appear', 'disappear']],
    ['CreateRuleSetDto', ['description', 'basedOn', 'parameters']],
    [
      'RuleSetDto',
      [
        'version',
        'active',
        'description',
        'parameters',
        'createdBy',
        'createdAt',
        'activatedBy',
        'activatedAt',
      ],
    ],
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

  it.each(['RegisterTaxpayerDto', 'ChangeTaxpayerDto', 'TaxpayerDto'])(
    'documents the industry of %s with an example and the rule that reads it',
    (schema) => {
      const industry = spec.components.schemas[schema].properties.industry as Record<string, unknown>;
      expect(industry).toMatchObject({ type: 'string', nullable: true, example: 'F5174' });
      expect(industry.description).toEqual(expect.stringContaining('GB/T 4754-2017'));
      expect(industry.description).toEqual(expect.stringContaining('GOODS_DIVERGENCE'));
    },
  );

  it('documents every rule-set parameter, as the domain defaults them', () => {
    const parameters = spec.components.schemas.RuleSetDto.properties.parameters as {
      properties: Record<string, { properties?: Record<string, unknown> }>;
      required: string[];
    };
    expect(parameters.required).toEqual(Object.keys(DEFAULT_RULE_SET));
    expect(Object.keys(parameters.properties.capEdge.properties!)).toEqual(
      Object.keys(DEFAULT_RULE_SET.capEdge),
    );
    expect(Object.keys(parameters.properties.weights.properties!)).toEqual(
      Object.keys(DEFAULT_RULE_SET.weights),
    );
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
