import * as domain from './index';

describe('@app/domain', () => {
  it('exports the public API through its one door', () => {
    const functions = [
      'parseMoney',
      'formatMoney',
      'roundMoney',
      'isMoneyString',
      'parseQuantity',
      'parseDate',
      'parsePeriod',
      'periodOf',
      'previousPeriod',
      'nextPeriod',
      'periodStart',
      'periodEnd',
      'comparePeriods',
      'isSameCalendarMonth',
      'todayIn',
      'isPeriodOpenForIssuance',
      'assertIssueDate',
      'issueDateWindow',
      'windowCoversIssueDate',
      'certificateCoversIssueDate',
      'assertCertificateCoversIssueDate',
      'resolveVatRate',
      'computeLineTax',
      'computeInvoiceTax',
      'computeCheckCharacter',
      'checkTaxId',
      'assertTaxId',
      'divisionCodeOfTaxId',
      'makeTaxId',
      'parseInvoiceCode',
      'amountCapOf',
      'assertWithinAmountCap',
      'parseInvoiceNumber',
      'formatInvoiceNumber',
      'assertStatusTransition',
      'canTransitionStatus',
      'isAmountVersion',
      'Money',
      'DomainError',
      'ValidationError',
      'BusinessRuleError',
      'NotFoundError',
      'ConflictError',
      'findForbiddenCharacter',
      'findInvalidText',
      'assertValidText',
      'textInvalidError',
    ] as const;
    for (const name of functions) expect(typeof domain[name]).toBe('function');
    expect(domain.LINE_TAX_TOLERANCE.toString()).toBe('0.06');
    expect(domain.VAT_RATE_TABLE.length).toBeGreaterThan(0);
  });
});
