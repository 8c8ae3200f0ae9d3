import { Client } from 'pg';
import type { ApiEconomy } from '../system/api-economy';
import type { AcknowledgedInvoice } from './workloads';

/** One invariant checked in SQL after a fault: what it says and whether it held. */
export interface Check {
  what: string;
  ok: boolean;
  detail?: string;
}

export async function withDb<T>(url: string, fn: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

/**
 * Numbering after a fault: per seller, the invoices form one run from the range's first
 * number with no gap and no duplicate, the counter points right after it, every
 * acknowledged invoice is there with the number it was answered with, and nothing is
 * there that no client was answered for (a retried request never issued twice).
 */
export async function numberingChecks(
  db: Client,
  world: ApiEconomy,
  acknowledged: AcknowledgedInvoice[],
): Promise<Check[]> {
  const sellers = world.sellers.map((s) => s.taxId);
  const { rows } = await db.query<{ seller: string; n: string; lo: number; hi: number; next: number }>(
    `SELECT i.seller_tax_id AS seller, count(*) AS n,
            min(i.invoice_number::int) AS lo, max(i.invoice_number::int) AS hi,
            max(c.next_number) AS next
       FROM issuance.invoices i
       JOIN registry.number_ranges r ON r.tax_id = i.seller_tax_id AND r.invoice_code = i.invoice_code
       LEFT JOIN issuance.number_counters c ON c.range_id = r.id
      WHERE i.seller_tax_id = ANY($1)
      GROUP BY i.seller_tax_id`,
    [sellers],
  );
  const gaps = rows.filter((r) => Number(r.n) !== r.hi - r.lo + 1 || r.lo !== 1 || r.next !== r.hi + 1);
  const stored = new Map<string, string>();
  const invoices = await db.query<{ k: string; seller: string }>(
    `SELECT invoice_code || '/' || invoice_number AS k, seller_tax_id AS seller
       FROM issuance.invoices WHERE seller_tax_id = ANY($1)`,
    [sellers],
  );
  for (const r of invoices.rows) stored.set(r.k, r.seller);
  const missing = acknowledged.filter(
    (a) => stored.get(`${a.invoiceCode}/${a.invoiceNumber}`) !== a.sellerTaxId,
  );
  const answered = new Set(acknowledged.map((a) => `${a.invoiceCode}/${a.invoiceNumber}`));
  const unanswered = [...stored.keys()].filter((k) => !answered.has(k));
  const keys = new Set(acknowledged.map((a) => a.key));
  return [
    {
      what: 'numbering: no gap, no duplicate, counter right after the last number',
      ok: gaps.length === 0,
      detail: gaps.length ? JSON.stringify(gaps.slice(0, 3)) : `${rows.length} sellers`,
    },
    {
      what: 'every acknowledged invoice stored with the number it was answered with',
      ok: missing.length === 0 && keys.size === acknowledged.length,
      detail: missing.length ? JSON.stringify(missing.slice(0, 3)) : `${acknowledged.length} invoices`,
    },
    {
      what: 'no invoice that no client was answered for (retries never issued twice)',
      ok: unanswered.length === 0,
      detail: unanswered.length ? unanswered.slice(0, 3).join(', ') : `${stored.size} stored`,
    },
  ];
}

/** No Idempotency-Key of the world's taxpayers is left in flight once its clients are done. */
export async function noKeyLeftInFlight(db: Client, world: ApiEconomy): Promise<Check> {
  const scopes = world.taxIds().map((t) => `taxpayer:${t}`);
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM (
        SELECT scope FROM issuance.idempotency_keys WHERE state = 'in_flight' AND scope = ANY($1)
        UNION ALL
        SELECT scope FROM collection.idempotency_keys WHERE state = 'in_flight' AND scope = ANY($1)) k`,
    [scopes],
  );
  return {
    what: 'no Idempotency-Key left in flight',
    ok: rows[0].n === '0',
    detail: `${rows[0].n} in flight`,
  };
}

/** Rows a claims upload merged into collection.claims, and how many distinct file rows they are. */
export async function claimsOfUpload(
  db: Client,
  uploadId: string,
): Promise<{ rows: number; distinct: number }> {
  const { rows } = await db.query<{ rows: string; distinct: string }>(
    `SELECT count(*) AS rows, count(DISTINCT row_number) AS distinct
       FROM collection.claims WHERE upload_id = $1`,
    [uploadId],
  );
  return { rows: Number(rows[0].rows), distinct: Number(rows[0].distinct) };
}
