/**
 * The floor of an issued invoice over HTTP, for bench/issuance: the least a server can do to
 * issue the app's invoices when they arrive over HTTP, written on bare `node:http` with the
 * app's own pieces and the group-commit floor's batch (floor-batched.ts) and nothing else.
 * Per request: read the body, JSON.parse it, find the API key's hash in a map (the app's
 * cached lookup) and the seller it belongs to, check the body's shape (no class-validator:
 * buildInvoiceDraft's own checks only), draft the invoice, and hand it to the app's
 * AdaptiveBatcher (ISSUE_BATCH_MAX items at most per batch, ISSUE_BATCH_CONCURRENCY batches
 * at a time per worker, as the app): each batch is one transaction — TAKE_NUMBER_BLOCKS,
 * one RSA seal per invoice, one multi-row INSERT, COMMIT (issueFloorBatch). Answers 201 with
 * the invoice's code and number. No rate limit, no idempotency, no outbox, no logging, no
 * metrics, no framework. Serves /health for the bench's readiness wait.
 *
 *   HTTP_FLOOR_PORT=3104 HTTP_FLOOR_WORKERS=2 HTTP_FLOOR_SELLERS=/tmp/…/sellers.json DATABASE_URL=… \
 *   ISSUE_BATCH_MAX=32 ISSUE_BATCH_CONCURRENCY=1 node http-issuing-floor.js
 *
 * HTTP_FLOOR_SELLERS names a JSON file of HttpFloorSeller: each seller's API key, tax ID,
 * name, certificate serial and private key (PKCS#8 PEM), which the bench writes from the
 * app's key vault.
 */
import 'reflect-metadata';
import { createPrivateKey, KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Pool } from 'pg';
import { todayIn } from '@app/domain';
import { AdaptiveBatcher } from '../../apps/issuance';
import { ownersByKeyHash, runWorkers, sendJson as send, serveKeyed } from './bare-http';
import { DraftedFloorItem, draftFloorItem, FloorItem, issueFloorBatch } from './floor-batched';

/** One seller as the floor knows it (HTTP_FLOOR_SELLERS). */
export interface HttpFloorSeller {
  apiKey: string;
  taxId: string;
  name: string;
  serial: string;
  privateKeyPem: string;
}

const PORT = Number(process.env.HTTP_FLOOR_PORT ?? 3104);
const WORKERS = Number(process.env.HTTP_FLOOR_WORKERS ?? 1);
const BATCH_MAX = Number(process.env.ISSUE_BATCH_MAX ?? 32);
const BATCH_CONCURRENCY = Number(process.env.ISSUE_BATCH_CONCURRENCY ?? 1);

function serve(): void {
  const sellers = JSON.parse(readFileSync(process.env.HTTP_FLOOR_SELLERS ?? '', 'utf8')) as HttpFloorSeller[];
  const owners = ownersByKeyHash(
    sellers.map((s) => [s.apiKey, { taxId: s.taxId, name: s.name, serial: s.serial }] as const),
  );
  const keys = new Map<string, KeyObject>(sellers.map((s) => [s.serial, createPrivateKey(s.privateKeyPem)]));
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: BATCH_CONCURRENCY });
  const batcher = new AdaptiveBatcher<DraftedFloorItem, { invoiceCode: string; invoiceNumber: string }>(
    { maxSize: BATCH_MAX, concurrency: BATCH_CONCURRENCY },
    async (items) => (await issueFloorBatch(pool, items, keys)).map((value) => ({ ok: true, value })),
  );
  let reported = false;
  serveKeyed(PORT, owners, (raw, seller, res) => {
    let item: DraftedFloorItem;
    try {
      const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown> | null;
      if (
        typeof body !== 'object' ||
        body === null ||
        body.type !== 'special' ||
        typeof body.buyerTaxId !== 'string' ||
        typeof body.buyerName !== 'string' ||
        !Array.isArray(body.lines)
      )
        return send(res, 400, { code: 'VALIDATION_FAILED', message: 'The request is not valid.' });
      item = draftFloorItem(
        {
          seller,
          buyer: { taxId: body.buyerTaxId, name: body.buyerName },
          body: body as FloorItem['body'],
        },
        todayIn('Asia/Shanghai'),
      );
    } catch (err) {
      return send(res, 400, { code: 'VALIDATION_FAILED', message: String(err) });
    }
    batcher.submit(item).then(
      (issued) => send(res, 201, issued),
      (err: unknown) => {
        if (!reported) console.error('http-issuing-floor: a batch failed:', err);
        reported = true;
        send(res, 500, { code: 'INTERNAL_ERROR', message: 'the batch failed' });
      },
    );
  });
}

runWorkers(WORKERS, serve);
