import {
  assertCertificateCoversIssueDate,
  certificateCoversIssueDate,
  issueDateWindow,
  windowCoversIssueDate,
} from './certificate-validity';

const validity = (notBefore: string, notAfter: string) => ({
  notBefore: new Date(notBefore),
  notAfter: new Date(notAfter),
});

describe('issueDateWindow', () => {
  it('is the Beijing calendar days the validity touches', () => {
    expect(issueDateWindow(validity('2026-11-30T23:30:00Z', '2029-11-30T15:30:00Z'))).toEqual({
      earliestIssueDate: '2026-12-01',
      latestIssueDate: '2029-11-30',
    });
  });

  it('reads the days in the time zone it is given', () => {
    expect(issueDateWindow(validity('2026-11-30T23:30:00Z', '2029-11-30T15:30:00Z'), 'UTC')).toEqual({
      earliestIssueDate: '2026-11-30',
      latestIssueDate: '2029-11-30',
    });
  });

  it.each([
    ['an invalid notBefore', validity('nonsense', '2029-11-30T15:30:00Z')],
    ['an invalid notAfter', validity('2026-11-30T23:30:00Z', 'nonsense')],
    ['notAfter before notBefore', validity('2026-11-30T23:30:00Z', '2026-11-30T23:29:59Z')],
  ])('refuses %s', (_, v) => {
    expect(() => issueDateWindow(v)).toThrow(
      expect.objectContaining({ name: 'ValidationError', code: 'CERTIFICATE_VALIDITY_INVALID' }),
    );
  });

  it('refuses an unknown time zone', () => {
    expect(() =>
      issueDateWindow(validity('2026-11-30T23:30:00Z', '2029-11-30T15:30:00Z'), 'Mars/Base'),
    ).toThrow(expect.objectContaining({ code: 'TIME_ZONE_INVALID' }));
  });
});

describe('certificateCoversIssueDate (Beijing days)', () => {
  // 2026-12-01 07:30 in Beijing: the certificate exists for part of 1 December, none of 30 November.
  const notBefore = '2026-11-30T23:30:00Z';

  it.each([
    ['2026-11-30', false],
    ['2026-12-01', true],
    ['2026-12-02', true],
  ])('notBefore 2026-11-30T23:30Z covers %s: %s', (issueDate, covered) => {
    expect(certificateCoversIssueDate(validity(notBefore, '2029-11-30T23:30:00Z'), issueDate)).toBe(covered);
  });

  it('reads notBefore at the last instant of a Beijing day as that day', () => {
    const v = validity('2026-11-30T15:59:59.999Z', '2029-11-30T23:30:00Z');
    expect(certificateCoversIssueDate(v, '2026-11-30')).toBe(true);
    expect(certificateCoversIssueDate(v, '2026-11-29')).toBe(false);
  });

  it('reads notBefore at Beijing midnight as the new day', () => {
    const v = validity('2026-11-30T16:00:00Z', '2029-11-30T23:30:00Z');
    expect(certificateCoversIssueDate(v, '2026-11-30')).toBe(false);
    expect(certificateCoversIssueDate(v, '2026-12-01')).toBe(true);
  });

  it.each([
    // until 23:30 on 30 November in Beijing
    ['2029-11-30T15:30:00Z', '2029-11-30', true],
    ['2029-11-30T15:30:00Z', '2029-12-01', false],
    // until 00:30 on 1 December in Beijing: 1 December is touched
    ['2029-11-30T16:30:00Z', '2029-12-01', true],
    ['2029-11-30T16:30:00Z', '2029-12-02', false],
    // exactly Beijing midnight: notAfter is inclusive (X.509)
    ['2029-11-30T16:00:00Z', '2029-12-01', true],
  ])('notAfter %s covers %s: %s', (notAfter, issueDate, covered) => {
    expect(certificateCoversIssueDate(validity('2026-11-30T23:30:00Z', notAfter), issueDate)).toBe(covered);
  });

  it('covers the one day of a certificate valid for an instant', () => {
    const v = validity('2026-12-01T04:00:00Z', '2026-12-01T04:00:00Z');
    expect(['2026-11-30', '2026-12-01', '2026-12-02'].map((d) => certificateCoversIssueDate(v, d))).toEqual([
      false,
      true,
      false,
    ]);
  });

  it('refuses a malformed issue date', () => {
    expect(() =>
      windowCoversIssueDate({ earliestIssueDate: '2026-12-01', latestIssueDate: '2029-12-01' }, '2026-2-1'),
    ).toThrow(expect.objectContaining({ code: 'DATE_INVALID' }));
  });
});

describe('assertCertificateCoversIssueDate', () => {
  const window = { earliestIssueDate: '2026-12-01', latestIssueDate: '2029-11-30' };

  it('passes a covered date', () => {
    expect(() => assertCertificateCoversIssueDate(window, '2026-12-01', 'AB12')).not.toThrow();
    expect(() => assertCertificateCoversIssueDate(window, '2029-11-30')).not.toThrow();
  });

  it.each(['2026-11-30', '2029-12-01'])(
    'refuses %s as CERTIFICATE_NOT_VALID_AT_ISSUE_DATE with the window',
    (d) => {
      expect(() => assertCertificateCoversIssueDate(window, d, 'AB12')).toThrow(
        expect.objectContaining({
          name: 'BusinessRuleError',
          kind: 'rule',
          code: 'CERTIFICATE_NOT_VALID_AT_ISSUE_DATE',
          details: { issueDate: d, ...window, certificateSerial: 'AB12' },
        }),
      );
    },
  );
});
