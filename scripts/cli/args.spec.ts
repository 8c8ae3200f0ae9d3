import { DEFAULT_FINDINGS_LIMIT, DEFAULT_TIMEOUT_SECONDS, parseCommandLine, UsageError, USAGE } from './args';

const usageError = (argv: string[]): string => {
  try {
    parseCommandLine(argv);
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    throw err;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
};

describe('parseCommandLine', () => {
  describe('audit', () => {
    it('takes the period, waits, and gives up after the default timeout', () => {
      expect(parseCommandLine(['audit', '--period', '2026-10'])).toEqual({
        kind: 'audit',
        period: '2026-10',
        wait: true,
        timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
      });
    });

    it('takes a bureau, --no-wait, --timeout, and inline values', () => {
      expect(
        parseCommandLine([
          'audit',
          '--period=2026-10',
          '--bureau',
          '14401060000',
          '--no-wait',
          '--timeout',
          '30',
        ]),
      ).toEqual({
        kind: 'audit',
        period: '2026-10',
        bureauCode: '14401060000',
        wait: false,
        timeoutSeconds: 30,
      });
    });

    it('collects taxpayers from repeated and comma-separated flags', () => {
      const command = parseCommandLine([
        'audit',
        '--period',
        '2026-10',
        '--taxpayer',
        'A',
        '--taxpayer=B, C',
      ]);
      expect(command).toMatchObject({ taxIds: ['A', 'B', 'C'] });
    });

    it('leaves the values to the domain: a bad period or bureau is passed on as typed', () => {
      expect(parseCommandLine(['audit', '--period', '2026-13', '--bureau', 'x'])).toMatchObject({
        period: '2026-13',
        bureauCode: 'x',
      });
      // An empty list stays a list, for parseAuditScope to refuse with AUDIT_SCOPE_INVALID.
      expect(parseCommandLine(['audit', '--period', '2026-10', '--taxpayer', ''])).toMatchObject({
        taxIds: [],
      });
    });

    it.each([
      [['audit'], 'audit: --period is required'],
      [['audit', '--period'], 'audit: --period needs a value'],
      [['audit', '--period', '--no-wait'], 'audit: --period needs a value'],
      [['audit', '--period', '2026-10', '--frob'], "audit: unknown option '--frob'"],
      [['audit', '--period', '2026-10', '-x'], "audit: unknown option '-x'"],
      [['audit', '--period', '2026-10', 'now'], "audit: unexpected argument 'now'"],
      [['audit', '--period', '2026-10', '--no-wait=yes'], 'audit: --no-wait takes no value'],
      [['audit', '--period', '2026-10', '--period', '2026-09'], 'audit: --period given more than once'],
      [
        ['audit', '--period', '2026-10', '--timeout', '0'],
        'audit: --timeout must be a whole number from 1 to 86400',
      ],
      [
        ['audit', '--period', '2026-10', '--timeout', '1.5'],
        'audit: --timeout must be a whole number from 1 to 86400',
      ],
      [['audit', '--period', '2026-10', '--limit', '5'], "audit: unknown option '--limit'"],
    ])('%j is a usage error: %s', (argv, message) => {
      expect(usageError(argv)).toBe(message);
    });
  });

  describe('backtest', () => {
    it('takes the period, the version and the scope flags of audit; always waits', () => {
      expect(parseCommandLine(['backtest', '--period', '2026-10', '--version', '3'])).toEqual({
        kind: 'backtest',
        period: '2026-10',
        version: 3,
        timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
      });
      expect(
        parseCommandLine([
          'backtest',
          '--period=2026-10',
          '--version=2',
          '--bureau',
          '14401060000',
          '--timeout',
          '9',
        ]),
      ).toEqual({
        kind: 'backtest',
        period: '2026-10',
        version: 2,
        bureauCode: '14401060000',
        timeoutSeconds: 9,
      });
    });

    it('collects taxpayers from --taxpayer and --tax-ids alike', () => {
      const command = parseCommandLine([
        'backtest',
        '--period',
        '2026-10',
        '--version',
        '2',
        '--tax-ids',
        'A,B',
        '--taxpayer',
        'C',
      ]);
      expect(command).toMatchObject({ taxIds: ['C', 'A', 'B'] });
    });

    it.each([
      [['backtest', '--period', '2026-10'], 'backtest: --version is required'],
      [['backtest', '--version', '2'], 'backtest: --period is required'],
      [
        ['backtest', '--period', '2026-10', '--version', '0'],
        'backtest: --version must be a whole number from 1 to 999999999',
      ],
      [
        ['backtest', '--period', '2026-10', '--version', 'v2'],
        'backtest: --version must be a whole number from 1 to 999999999',
      ],
      [
        ['backtest', '--period', '2026-10', '--version', '2', '--no-wait'],
        "backtest: unknown option '--no-wait'",
      ],
      [['rule-sets', '--all'], "rule-sets: unknown option '--all'"],
      [['rule-sets', '3'], "rule-sets: unexpected argument '3'"],
    ])('%j is a usage error: %s', (argv, message) => {
      expect(usageError(argv)).toBe(message);
    });

    it('rule-sets takes nothing', () => {
      expect(parseCommandLine(['rule-sets'])).toEqual({ kind: 'rule-sets' });
    });
  });

  describe('findings', () => {
    it('shows a table of the first 50 by default', () => {
      expect(parseCommandLine(['findings', '--period', '2026-10'])).toEqual({
        kind: 'findings',
        query: { period: '2026-10' },
        format: 'table',
        limit: DEFAULT_FINDINGS_LIMIT,
      });
    });

    it('maps every filter flag to the field of FindingQuery', () => {
      const command = parseCommandLine([
        'findings',
        '--period=2026-10',
        '--bureau=14401000000',
        '--category=FORGED,FIELD_MISMATCH',
        '--taxpayer=91440106MA59XXXX0K',
        '--run=7f2d1c9e-0d4b-4c3a-9a57-1b2b3c4d5e6f',
        '--status=open',
        '--state=active',
        '--min-tax-at-risk=100.00',
        '--limit=10',
      ]);
      expect(command).toEqual({
        kind: 'findings',
        query: {
          period: '2026-10',
          bureauCode: '14401000000',
          category: 'FORGED,FIELD_MISMATCH',
          taxId: '91440106MA59XXXX0K',
          runId: '7f2d1c9e-0d4b-4c3a-9a57-1b2b3c4d5e6f',
          status: 'open',
          state: 'active',
          minTaxAtRisk: '100.00',
        },
        format: 'table',
        limit: 10,
      });
    });

    it('exports all rows to a file or stdout unless a limit is given', () => {
      expect(parseCommandLine(['findings', '--period', '2026-10', '--format', 'csv'])).toEqual({
        kind: 'findings',
        query: { period: '2026-10' },
        format: 'csv',
      });
      expect(
        parseCommandLine([
          'findings',
          '--period',
          '2026-10',
          '--format',
          'xlsx',
          '--out',
          'f.xlsx',
          '--limit',
          '5000',
        ]),
      ).toMatchObject({ format: 'xlsx', out: 'f.xlsx', limit: 5000 });
    });

    it.each([
      [['findings'], 'findings: --period is required'],
      [
        ['findings', '--period', '2026-10', '--format', 'pdf'],
        'findings: --format must be one of table, csv, xlsx',
      ],
      [['findings', '--period', '2026-10', '--format', 'xlsx'], 'findings: --format xlsx needs --out FILE'],
      [
        ['findings', '--period', '2026-10', '--out', 'f.csv'],
        'findings: --out needs --format csv or xlsx (the table goes to stdout)',
      ],
      [
        ['findings', '--period', '2026-10', '--limit', '1001'],
        'findings: --limit must be a whole number from 1 to 1000',
      ],
      [
        ['findings', '--period', '2026-10', '--limit', 'all'],
        'findings: --limit must be a whole number from 1 to 1000',
      ],
      [['findings', '--period', '2026-10', '--no-wait'], "findings: unknown option '--no-wait'"],
      [
        ['findings', '--period', '2026-10', '--taxpayer', 'A', '--taxpayer', 'B'],
        'findings: --taxpayer given more than once',
      ],
    ])('%j is a usage error: %s', (argv, message) => {
      expect(usageError(argv)).toBe(message);
    });
  });

  describe('uploads', () => {
    it('takes resume and one upload id, passed on as typed', () => {
      expect(parseCommandLine(['uploads', 'resume', 'b3c1d2e4-0000-4000-8000-000000000001'])).toEqual({
        kind: 'uploads-resume',
        uploadId: 'b3c1d2e4-0000-4000-8000-000000000001',
      });
      expect(parseCommandLine(['uploads', 'resume', 'not-a-uuid'])).toEqual({
        kind: 'uploads-resume',
        uploadId: 'not-a-uuid',
      });
    });

    it.each([
      [['uploads'], 'uploads: which? resume ID'],
      [['uploads', 'restart', 'x'], "uploads: unknown command 'restart'"],
      [['uploads', 'resume'], 'uploads resume: give exactly one upload id'],
      [['uploads', 'resume', 'a', 'b'], 'uploads resume: give exactly one upload id'],
      [['uploads', 'resume', '--all'], 'uploads resume: give exactly one upload id'],
    ])('%j is a usage error: %s', (argv, message) => {
      expect(usageError(argv)).toBe(message);
    });
  });

  it('knows help, and refuses a missing or unknown command', () => {
    for (const argv of [
      ['help'],
      ['--help'],
      ['-h'],
      ['audit', '--help'],
      ['findings', '-h'],
      ['uploads', '--help'],
      ['uploads', 'resume', '-h'],
    ]) {
      expect(parseCommandLine(argv)).toEqual({ kind: 'help' });
    }
    expect(usageError([])).toBe('no command given');
    expect(usageError(['audits'])).toBe("unknown command 'audits'");
    expect(usageError(['help', 'audit'])).toBe("help: unexpected argument 'audit'");
  });

  it('documents every flag it accepts', () => {
    for (const flag of [
      '--period',
      '--bureau',
      '--taxpayer',
      '--no-wait',
      '--timeout',
      '--category',
      '--run',
    ]) {
      expect(USAGE).toContain(flag);
    }
    for (const flag of ['--status', '--state', '--min-tax-at-risk', '--limit', '--format', '--out']) {
      expect(USAGE).toContain(flag);
    }
  });
});
