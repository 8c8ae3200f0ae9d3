import { parseCliOptions, withPort } from './options';

describe('demo command line', () => {
  it('has defaults for the default system', () => {
    const o = parseCliOptions([]);
    expect(o).toMatchObject({ seed: '1', taxpayers: 200, invoices: 2000, concurrency: 12, start: true });
    expect(o.urls).toEqual({
      issuance: 'http://127.0.0.1:3001',
      collection: 'http://127.0.0.1:3002',
      audit: 'http://127.0.0.1:3003',
      bureau: 'http://127.0.0.1:3004',
    });
  });

  it('reads sizes, seed, base URL and per-app URLs, with or without "="', () => {
    const o = parseCliOptions([
      '--seed',
      'abc',
      '--taxpayers=30',
      '--invoices',
      '150',
      '--base-url',
      'http://10.0.0.5',
      '--bureau-url=http://b:9000',
      '--no-start',
    ]);
    expect(o).toMatchObject({ seed: 'abc', taxpayers: 30, invoices: 150, start: false });
    expect(o.urls.issuance).toBe('http://10.0.0.5:3001');
    expect(o.urls.bureau).toBe('http://b:9000');
    expect(withPort('http://localhost/', 3002)).toBe('http://localhost:3002');
  });

  it('refuses what it does not understand', () => {
    expect(() => parseCliOptions(['--taxpayers', '5'])).toThrow(/--taxpayers/);
    expect(() => parseCliOptions(['--taxpayers', '2000'])).toThrow(/--taxpayers/);
    expect(() => parseCliOptions(['--invoices', 'many'])).toThrow(/--invoices/);
    expect(() => parseCliOptions(['--frobnicate'])).toThrow(/unknown option/);
  });
});
