import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PkiError } from './pki.error';
import { prepareSealChunk, scatterResults, type SealCheck } from './seal-batch';
import { SEAL_VERIFIER_ROLE } from './seal-verifier.worker.js';

// Plain JS beside this file, in src/ under ts-jest and in dist/ after scripts/build.js
// (already loaded by seal-batch for the inline checks, so it is known to be there).
const WORKER_SCRIPT = join(__dirname, 'seal-verifier.worker.js');
// ~60 ms of RSA work per message: big enough that messaging is noise, small enough that
// a slow worker (sharing a core with Postgres) does not hold the whole batch back.
const MAX_CHUNK_ROWS = 2048;
// Two per worker so it starts the next chunk while the main thread reads the last result.
const CHUNKS_IN_FLIGHT_PER_WORKER = 2;

export interface SealVerifierPoolOptions {
  /** Worker threads; default one per available CPU. */
  readonly size?: number;
  /** Enables {@link SealVerifierPool.crashWorkerForTest}. Tests only. */
  readonly testHooks?: boolean;
}

interface Batch {
  readonly items: readonly SealCheck[];
  readonly results: boolean[];
  chunksLeft: number;
  settled: boolean;
  readonly resolve: (results: boolean[]) => void;
  readonly reject: (error: Error) => void;
}

interface Chunk {
  readonly batch: Batch;
  readonly start: number;
  readonly end: number;
}

interface Slot {
  worker: Worker | null;
  /** Message id → the batch it belongs to and the batch rows it carries. */
  readonly inFlight: Map<number, { readonly batch: Batch; readonly rows: Uint32Array }>;
}

/**
 * RSA seal checks on worker threads, for bulk files. A batch is cut into chunks that
 * go to whichever worker is least busy; results come back in the batch's order, each as
 * {@link verifySealBatchInline} would answer. Each worker caches one parsed key per PEM.
 *
 * If a worker dies, every batch with a chunk on it is rejected with `PkiError`
 * `SEAL_VERIFIER_CRASHED` (nothing is silently lost; the caller retries the job) and a
 * fresh worker takes its place on the next dispatch. Idle workers do not keep the
 * process alive; call {@link close} on shutdown all the same.
 */
export class SealVerifierPool {
  readonly size: number;
  private readonly testHooks: boolean;
  private readonly slots: Slot[];
  private readonly queue: Chunk[] = [];
  private nextMessageId = 0;
  private closing: Promise<void> | null = null;

  /** Starts `size` workers; they hold no reference on the event loop while idle. */
  constructor(options: SealVerifierPoolOptions = {}) {
    const size = options.size ?? Math.max(1, availableParallelism());
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`pool size must be a positive integer, got ${size}`);
    this.size = size;
    this.testHooks = options.testHooks === true;
    this.slots = Array.from({ length: size }, () => ({ worker: null, inFlight: new Map() }));
    this.slots.forEach((slot) => this.spawn(slot));
  }

  /**
   * Verifies every seal; `result[i]` answers `items[i]`. `items` is read chunk by chunk
   * as workers free up, so do not change it until the promise settles.
   * @throws PkiError `SEAL_VERIFIER_CRASHED` if a worker died holding part of the batch (retry it),
   *   `SEAL_VERIFIER_CLOSED` if the pool is or gets closed
   */
  verifyBatch(items: readonly SealCheck[]): Promise<boolean[]> {
    if (this.closing !== null) return Promise.reject(closedError());
    if (items.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      const results = new Array<boolean>(items.length).fill(false);
      const batch: Batch = { items, results, chunksLeft: 0, settled: false, resolve, reject };
      const rowsPerChunk = Math.min(MAX_CHUNK_ROWS, Math.ceil(items.length / this.size));
      for (let start = 0; start < items.length; start += rowsPerChunk) {
        this.queue.push({ batch, start, end: Math.min(items.length, start + rowsPerChunk) });
        batch.chunksLeft++;
      }
      this.dispatch();
    });
  }

  /** Rejects pending batches with `SEAL_VERIFIER_CLOSED` and terminates the workers. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  /**
   * Test hook (pool built with `testHooks: true`): makes the first worker throw on its
   * next message, as a crash inside it would, so work posted after this call is lost.
   */
  crashWorkerForTest(): void {
    if (!this.testHooks) throw new Error('crashWorkerForTest needs a pool built with testHooks: true');
    const slot = this.slots[0];
    (slot.worker ?? this.spawn(slot)).postMessage({ crash: true });
  }

  private async shutDown(): Promise<void> {
    const error = closedError();
    this.queue.splice(0).forEach((chunk) => settle(chunk.batch, error));
    const workers = this.slots.map((slot) => this.release(slot, error)).filter((worker) => worker !== null);
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0 && this.closing === null) {
      const slot = this.leastBusySlot();
      if (slot === undefined) return;
      const chunk = this.queue.shift() as Chunk;
      if (!chunk.batch.settled) this.post(slot, chunk);
    }
  }

  private leastBusySlot(): Slot | undefined {
    let best: Slot | undefined;
    for (const slot of this.slots) {
      const load = slot.inFlight.size;
      if (load < CHUNKS_IN_FLIGHT_PER_WORKER && (best === undefined || load < best.inFlight.size))
        best = slot;
    }
    return best;
  }

  private post(slot: Slot, { batch, start, end }: Chunk): void {
    let prepared: ReturnType<typeof prepareSealChunk>;
    try {
      prepared = prepareSealChunk(batch.items, start, end);
    } catch (error) {
      return settle(batch, error instanceof Error ? error : new Error(String(error)));
    }
    if (prepared.rows.length === 0) return this.chunkDone(batch); // every row already false
    const worker = slot.worker ?? this.spawn(slot);
    const id = this.nextMessageId++;
    slot.inFlight.set(id, { batch, rows: prepared.rows });
    if (slot.inFlight.size === 1) worker.ref(); // busy: keep the process alive for the answer
    worker.postMessage({ id, chunk: prepared.chunk }, prepared.transfer);
  }

  private onResult(slot: Slot, message: { id: number; results: Uint8Array }): void {
    const entry = slot.inFlight.get(message.id);
    if (entry === undefined) return;
    slot.inFlight.delete(message.id);
    if (slot.inFlight.size === 0) slot.worker?.unref();
    if (!entry.batch.settled) {
      scatterResults(entry.batch.results, entry.rows, message.results);
      this.chunkDone(entry.batch);
    }
    this.dispatch();
  }

  private chunkDone(batch: Batch): void {
    if (--batch.chunksLeft === 0) settle(batch, batch.results);
  }

  private spawn(slot: Slot): Worker {
    const worker = new Worker(WORKER_SCRIPT, {
      workerData: { role: SEAL_VERIFIER_ROLE, testHooks: this.testHooks },
      // A verifier holds a few parsed keys and one chunk at a time: a small heap keeps the
      // process's peak RSS flat during million-row uploads.
      resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 },
    });
    worker.unref();
    worker.on('message', (message: { id: number; results: Uint8Array }) => this.onResult(slot, message));
    worker.on('error', (error) => this.onDeath(slot, worker, error.message));
    worker.on('messageerror', (error) => this.onDeath(slot, worker, `unreadable message: ${error.message}`));
    worker.on('exit', (code) => this.onDeath(slot, worker, `exited with code ${code}`));
    slot.worker = worker;
    return worker;
  }

  /** A worker died (or could not be heard): fail what it held; the next dispatch spawns a fresh one. */
  private onDeath(slot: Slot, worker: Worker, reason: string): void {
    if (slot.worker !== worker) return; // already handled ('error' is followed by 'exit'), or closed
    const error = new PkiError(
      'SEAL_VERIFIER_CRASHED',
      `seal verifier worker failed (${reason}); retry the batch`,
    );
    void this.release(slot, error)?.terminate();
    this.dispatch();
  }

  /** Detaches the slot's worker and rejects every batch it held; returns the worker, if any. */
  private release(slot: Slot, error: PkiError): Worker | null {
    const worker = slot.worker;
    slot.worker = null;
    slot.inFlight.forEach(({ batch }) => settle(batch, error));
    slot.inFlight.clear();
    return worker;
  }
}

function settle(batch: Batch, outcome: boolean[] | Error): void {
  if (batch.settled) return;
  batch.settled = true;
  if (outcome instanceof Error) batch.reject(outcome);
  else batch.resolve(outcome);
}

function closedError(): PkiError {
  return new PkiError('SEAL_VERIFIER_CLOSED', 'seal verifier pool is closed');
}
