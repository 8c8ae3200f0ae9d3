import { encodeCopyRow } from '@app/bulk';
import { COPY_TABLES } from './copy-tables';
import { planEconomy } from './economy-plan';

describe('COPY_TABLES', () => {
  const plan = planEconomy({
    seed: 'copy-spec',
    period: '2017-09',
    tradeInvoices: 200,
    lateAt: new Date('2100-01-01T00:00:00Z'),
  });
  const ctx = { officerId: '00000000-0000-4000-8000-000000000000', issuerSerial: 'ISSUER' };
  const valuesOf = (table: string) => [...COPY_TABLES.find((t) => t.name === table)!.rows(plan, ctx)];

  it('gives every row one value per column, all of which COPY can carry', () => {
    for (const table of COPY_TABLES) {
      const rows = [...table.rows(plan, ctx)];
      expect(rows.length).toBeGreaterThan(0);
      for (const values of rows) {
        expect(values).toHaveLength(table.columns.length);
        expect(() => encodeCopyRow(values)).not.toThrow();
      }
    }
  });

  it('loads foreign keys before the rows that need them', () => {
    const order = COPY_TABLES.map((t) => t.name);
    const before = (a: string, b: string) => expect(order.indexOf(a)).toBeLessThan(order.indexOf(b));
    before('registry.taxpayers', 'pki.certificates');
    before('pki.certificates', 'pki.revocations');
    before('pki.certificates', 'issuance.invoices');
    before('registry.taxpayers', 'registry.number_ranges');
  });

  it('writes credit notes negative, referencing their original, with totals that add up', () => {
    const table = COPY_TABLES.find((t) => t.name === 'issuance.invoices')!;
    const column = (name: string) => table.columns.indexOf(name);
    const notes = valuesOf('issuance.invoices').filter((v) => v[column('original_invoice_code')] !== null);
    expect(notes.length).toBeGreaterThan(0);
    for (const v of notes) {
      expect(String(v[column('amount')])).toMatch(/^-/);
      const total = Number(v[column('amount')]) + Number(v[column('tax_amount')]);
      expect(Number(v[column('total')])).toBeCloseTo(total, 2);
    }
  });

  it('records claims from a bulk file as uploads, with their row number', () => {
    const table = COPY_TABLES.find((t) => t.name === 'collection.claims')!;
    const column = (name: string) => table.columns.indexOf(name);
    const uploaded = valuesOf('collection.claims').filter((v) => v[column('source')] === 'upload');
    expect(uploaded.length).toBeGreaterThan(0);
    for (const v of uploaded) {
      expect(v[column('upload_id')]).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(typeof v[column('row_number')]).toBe('number');
    }
  });
});
