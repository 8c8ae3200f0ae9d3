import { PatientHttpError } from '../system/patient-client';
import { type ApiEconomy, beijingToday, currentPeriod } from '../system/api-economy';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An invoice the system answered 201 for: it must exist, exactly once, with this number. */
export interface AcknowledgedInvoice {
  key: string;
  sellerTaxId: string;
  invoiceCode: string;
  invoiceNumber: string;
}

/**
 * `count` special invoices from the world's sellers (round robin) with `concurrency`
 * clients, each with an Idempotency-Key of its own and retried until it is answered 201.
 * `onIssued` sees the running count (to inject a fault mid-load).
 */
export async function issueInvoices(
  world: ApiEconomy,
  count: number,
  concurrency: number,
  onIssued: (done: number) => void = () => undefined,
): Promise<AcknowledgedInvoice[]> {
  const acknowledged: AcknowledgedInvoice[] = [];
  let next = 0;
  const client = async () => {
    while (next < count) {
      const i = next++;
      const seller = world.sellers[i % world.sellers.length];
      const buyer = world.buyers[i % world.buyers.length];
      const key = `${world.tag}-invoice-${i}`;
      const res = await world.issuance.send<{ invoiceCode: string; invoiceNumber: string }>('/v1/invoices', {
        token: seller.apiKey,
        idempotencyKey: key,
        deadlineMs: 180_000,
        body: {
          type: 'special',
          buyerTaxId: buyer.taxId,
          buyerName: buyer.name,
          lines: [{ description: '混沌测试商品', amount: '100.00', taxRate: '0.13' }],
        },
      });
      acknowledged.push({ key, sellerTaxId: seller.taxId, ...res.body });
      onIssued(acknowledged.length);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return acknowledged;
}

export interface UploadState {
  uploadId: string;
  status: string;
  phase: string | null;
  rowsTotal: number;
  rowsAccepted: number;
  rowsRejected: number;
  error: string | null;
}

export async function startClaimsUpload(world: ApiEconomy, csv: string, key: string): Promise<string> {
  const res = await world.collection.send<UploadState>(`/v1/uploads?kind=claims&period=${currentPeriod()}`, {
    token: world.buyers[0].apiKey,
    raw: csv,
    contentType: 'text/csv',
    idempotencyKey: key,
  });
  return res.body.uploadId;
}

export async function uploadState(world: ApiEconomy, uploadId: string): Promise<UploadState> {
  const res = await world.collection.send<UploadState>(`/v1/uploads/${uploadId}`, {
    token: world.buyers[0].apiKey,
  });
  return res.body;
}

/** Polls until the upload is completed or failed (or the deadline passes). */
export async function waitUpload(
  world: ApiEconomy,
  uploadId: string,
  deadlineMs = 180_000,
): Promise<UploadState> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const state = await uploadState(world, uploadId);
    if (state.status === 'completed' || state.status === 'failed' || Date.now() > deadline) return state;
    await sleep(250);
  }
}

export interface RunState {
  runId: string;
  status: string;
  counts: Record<string, number> | null;
  progress?: { percent: number };
  error?: string | null;
}

export async function startAudit(world: ApiEconomy, key: string): Promise<string> {
  const res = await world.bureau.send<RunState>('/v1/audits', {
    token: world.adminToken,
    idempotencyKey: key,
    body: { period: currentPeriod(), taxIds: world.taxIds() },
  });
  return res.body.runId;
}

export async function runState(world: ApiEconomy, runId: string): Promise<RunState> {
  const res = await world.bureau.send<RunState>(`/v1/audits/${runId}`, { token: world.adminToken });
  return res.body;
}

export async function waitRun(world: ApiEconomy, runId: string, deadlineMs = 180_000): Promise<RunState> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    let state: RunState;
    try {
      state = await runState(world, runId);
    } catch (err) {
      // An officer token outlives no restart of the secret, but may expire in a long scenario.
      if (err instanceof PatientHttpError && err.status === 401) {
        world.adminToken = await world.login();
        continue;
      }
      throw err;
    }
    if (state.status === 'completed' || state.status === 'failed' || Date.now() > deadline) return state;
    await sleep(250);
  }
}

/** Claims of the world's issued invoices by their buyers (POST /v1/claims), so that the audit has matches. */
export async function claimIssued(
  world: ApiEconomy,
  invoices: AcknowledgedInvoice[],
  key: string,
): Promise<void> {
  const byBuyer = new Map<string, AcknowledgedInvoice[]>();
  invoices.forEach((inv, i) => {
    const buyer =
      world.buyers[Number(inv.key.split('-').pop()) % world.buyers.length] ??
      world.buyers[i % world.buyers.length];
    byBuyer.set(buyer.apiKey, [...(byBuyer.get(buyer.apiKey) ?? []), inv]);
  });
  const date = beijingToday();
  let n = 0;
  for (const [apiKey, list] of byBuyer) {
    for (let i = 0; i < list.length; i += 500) {
      await world.collection.send('/v1/claims', {
        token: apiKey,
        idempotencyKey: `${key}-${n++}`,
        body: {
          period: currentPeriod(),
          invoices: list.slice(i, i + 500).map((inv) => ({
            invoiceCode: inv.invoiceCode,
            invoiceNumber: inv.invoiceNumber,
            issueDate: date,
            sellerTaxId: inv.sellerTaxId,
            amount: '100.00',
            taxAmount: '13.00',
          })),
        },
      });
    }
  }
}
