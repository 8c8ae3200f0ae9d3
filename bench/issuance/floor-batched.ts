import { KeyObject } from 'node:crypto';
import { Pool } from 'pg';
import { buildInvoiceDraft, InvoiceDraft, InvoiceLineInput, todayIn } from '@app/domain';
import { TAKE_NUMBER_BLOCKS } from '../../apps/issuance';
import { runConcurrently } from '../support/stats';
import { floorDocument, SEALED_INVOICE_COLUMNS, sealedInvoiceRow } from './sealed-invoice-row';

export interface FloorItem {
  seller: { taxId: string; name: string; serial: string };
  buyer: { taxId: string; name: string };
  body: { type: 'special'; lines: InvoiceLineInput[] };
}

/** An item of a batch once drafted (buildInvoiceDraft): what issueFloorBatch numbers, seals and inserts. */
export interface DraftedFloorItem {
  seller: FloorItem['seller'];
  buyer: FloorItem['buyer'];
  draft: InvoiceDraft;
}

const INSERT_BATCH = `
  INSERT INTO issuance.invoices (${SEALED_INVOICE_COLUMNS})
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
    $8::date[], $9::numeric[], $10::numeric[], $11::numeric[], $12::jsonb[], $13::text[], $14::text[],
    $15::text[], $16::text[], $17::text[])`;

/** The draft of a floor item, as the app drafts a blue special invoice of a general taxpayer. */
export function draftFloorItem(item: FloorItem, today: string): DraftedFloorItem {
  return {
    seller: item.seller,
    buyer: item.buyer,
    draft: buildInvoiceDraft(item.body, { sellerKind: 'general', today, colour: 'blue' }),
  };
}

/**
 * One batch of group commit (ADR 0013) in one transaction of `pool`: one TAKE_NUMBER_BLOCKS
 * for the batch's sellers, each invoice sealed with its seller's key (`keys`, by certificate
 * serial), one multi-row insert, one COMMIT. Rolls back and throws when a seller's block
 * does not fit (no gap: numbers are only consumed by a commit). Returns each item's code
 * and number, in the items' order.
 */
export async function issueFloorBatch(
  pool: Pool,
  items: readonly DraftedFloorItem[],
  keys: Map<string, KeyObject>,
): Promise<{ invoiceCode: string; invoiceNumber: string }[]> {
  const perSeller = new Map<string, number>();
  for (const it of items) perSeller.set(it.seller.taxId, (perSeller.get(it.seller.taxId) ?? 0) + 1);
  const sellers = [...perSeller.keys()];
  const serials = sellers.map((t) => items.find((it) => it.seller.taxId === t)!.seller.serial);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ tax_id: string; invoice_code: string; first: number }>(
      TAKE_NUMBER_BLOCKS,
      [sellers, sellers.map(() => 3), serials, sellers.map((t) => perSeller.get(t)!)],
    );
    if (rows.length !== sellers.length) throw new Error('a number block did not fit');
    const next = new Map(rows.map((r) => [r.tax_id, { code: r.invoice_code, n: r.first }]));
    const columns: unknown[][] = Array.from({ length: 17 }, () => []);
    const issued = items.map(({ seller, buyer, draft }) => {
      const slot = next.get(seller.taxId)!;
      const doc = floorDocument(slot.code, slot.n++, seller, buyer, draft);
      sealedInvoiceRow(doc, keys.get(seller.serial)!, seller.serial).forEach((v, c) => columns[c].push(v));
      return { invoiceCode: doc.invoiceCode, invoiceNumber: doc.invoiceNumber };
    });
    await client.query(INSERT_BATCH, columns);
    await client.query('COMMIT');
    return issued;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

/**
 * The floor with group commit (ADR 0013), for comparison only — the plain floor stays one
 * transaction per invoice. Same work per invoice (draft, number, seal, insert), but
 * `batchSize` invoices share a transaction: one TAKE_NUMBER_BLOCKS, one multi-row insert,
 * one COMMIT; `lanes` batches run at a time. Returns the batch latencies.
 */
export async function floorBatchedRun(
  pool: Pool,
  itemOf: (i: number) => FloorItem,
  keys: Map<string, KeyObject>,
  count: number,
  batchSize: number,
  lanes: number,
): Promise<{ seconds: number; latencies: number[] }> {
  const today = todayIn('Asia/Shanghai');
  const t0 = performance.now();
  const latencies = await runConcurrently(Math.ceil(count / batchSize), lanes, async (b) => {
    const items = Array.from({ length: Math.min(batchSize, count - b * batchSize) }, (_, k) =>
      draftFloorItem(itemOf(b * batchSize + k), today),
    );
    await issueFloorBatch(pool, items, keys);
  });
  return { seconds: (performance.now() - t0) / 1000, latencies };
}
