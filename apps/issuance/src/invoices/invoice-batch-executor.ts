import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { BusinessRuleError } from '@app/domain';
import { completeAllWithin, IdempotencyCompletion } from '@app/idempotency';
import { InvoiceDto } from './dto/invoice.dto';
import { AllocatedNumber, InvoiceNumberAllocator } from './invoice-number-allocator';
import { mayReplayRequestByRequest } from './issue-batch-failure';
import { Settled } from './adaptive-batcher';
import { documentOf, PreparedIssue } from './prepared-issue';
import { SealedInvoiceWriter } from './sealed-invoice-writer';

const settle = <R>(work: Promise<R>): Promise<Settled<R>> =>
  work.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

/** Per process, since start: how batches of more than one invoice ended. */
export interface InvoiceBatchOutcomes {
  /** Committed as one transaction. */
  committed: number;
  /** Rolled back, then every request issued on its own. */
  replayed: number;
  /** Session lost or COMMIT failed: every request got the error. */
  failed: number;
}

/**
 * The transactions that issue blue invoices (ADR 0005, ADR 0013).
 *
 * `issueOne`: one transaction per invoice — take the number (locking the counter), seal,
 * insert, record the idempotent answer, commit.
 *
 * `issueBatch` (group commit): the same steps for many prepared requests in ONE
 * transaction — numbers by `takeMany` (one seller's consecutive in request order),
 * one multi-row insert, one idempotency statement, one COMMIT and one WAL flush. The
 * batch commits or rolls back as a whole, so numbering stays gap-free. A request refused
 * by the allocator (range exhausted, certificate revoked) consumed nothing and gets its
 * own error; the others go on. If the transaction fails, it is rolled back and each
 * request is issued by `issueOne` (replayed), so each caller gets the answer it would get
 * alone — except when the session was lost or COMMIT failed (`mayReplayRequestByRequest`):
 * then every caller gets the error, as a caller whose own session dies does.
 */
@Injectable()
export class InvoiceBatchExecutor {
  private readonly logger = new Logger(InvoiceBatchExecutor.name);
  private readonly counters: InvoiceBatchOutcomes = { committed: 0, replayed: 0, failed: 0 };

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly allocator: InvoiceNumberAllocator,
    private readonly writer: SealedInvoiceWriter,
  ) {}

  get outcomes(): InvoiceBatchOutcomes {
    return { ...this.counters };
  }

  issueOne(p: PreparedIssue): Promise<InvoiceDto> {
    return this.db.transaction(async (m) => {
      const number = await this.allocator.take(m, p.seller.taxId, p.minVersion, p.certificateSerial);
      const out = await this.writer.write(m, documentOf(p, number), p);
      await p.idempotency?.completeWithin(m, 201, out);
      return out;
    });
  }

  async issueBatch(items: PreparedIssue[]): Promise<Settled<InvoiceDto>[]> {
    if (items.length === 1) return [await settle(this.issueOne(items[0]))];
    let committing = false;
    try {
      const results = await this.db.transaction(async (m) => {
        const settled = await this.groupCommit(m, items);
        committing = true;
        return settled;
      });
      this.counters.committed++;
      this.logger.debug(
        { size: items.length, refused: results.filter((r) => !r.ok).length },
        'issue batch committed',
      );
      return results;
    } catch (err) {
      const code = (err as { driverError?: { code?: string } }).driverError?.code;
      if (committing || !mayReplayRequestByRequest(err)) {
        this.counters.failed++;
        this.logger.debug({ size: items.length, code, committing }, 'issue batch lost; every request failed');
        return items.map(() => ({ ok: false, error: err }));
      }
      this.counters.replayed++;
      this.logger.debug({ size: items.length, code }, 'issue batch rolled back; issuing one by one');
      return this.replay(items);
    }
  }

  /**
   * Each request on its own, as if it had come alone: one seller's requests one after
   * another in request order (they would wait for each other's counter lock anyway),
   * sellers side by side.
   */
  private async replay(items: PreparedIssue[]): Promise<Settled<InvoiceDto>[]> {
    const results: Settled<InvoiceDto>[] = new Array(items.length);
    const bySeller = new Map<string, number[]>();
    items.forEach((p, i) => bySeller.set(p.seller.taxId, [...(bySeller.get(p.seller.taxId) ?? []), i]));
    await Promise.all(
      [...bySeller.values()].map(async (indexes) => {
        for (const i of indexes) results[i] = await settle(this.issueOne(items[i]));
      }),
    );
    return results;
  }

  private async groupCommit(m: EntityManager, items: PreparedIssue[]): Promise<Settled<InvoiceDto>[]> {
    const numbers = await this.allocator.takeMany(
      m,
      items.map((p) => ({
        sellerTaxId: p.seller.taxId,
        minVersion: p.minVersion,
        certificateSerial: p.certificateSerial,
      })),
    );
    const numbered: { index: number; number: AllocatedNumber }[] = [];
    numbers.forEach((n, index) => {
      if (!(n instanceof BusinessRuleError)) numbered.push({ index, number: n });
    });
    const dtos = await this.writer.writeMany(
      m,
      numbered.map(({ index, number }) => ({
        document: documentOf(items[index], number),
        signer: items[index],
      })),
    );
    const completions: IdempotencyCompletion[] = [];
    numbered.forEach(({ index }, k) => {
      const handle = items[index].idempotency;
      if (handle) completions.push({ handle, status: 201, body: dtos[k] });
    });
    await completeAllWithin(m, completions);

    const results: Settled<InvoiceDto>[] = numbers.map((n) => ({ ok: false, error: n }));
    numbered.forEach(({ index }, k) => (results[index] = { ok: true, value: dtos[k] }));
    return results;
  }
}
