import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource, QueryRunner } from 'typeorm';
import { IssuanceAppModule } from '../../apps/issuance/src/app.module';
import { IssuanceConfig } from '../../apps/issuance/src/config/issuance.config';
import { IssueBatcherService } from '../../apps/issuance/src/invoices/issue-batcher.service';
import { createTestApp, enrolledTaxpayer, EnrolledTaxpayer, invoiceBody } from '@app/testing';

/**
 * The issuance app as `createTestApp` builds it, with the group-commit settings pinned,
 * so these tests do not depend on the defaults or on the environment they run in.
 */
export async function issuanceAppWithBatches(batch: {
  max: number;
  concurrency: number;
}): Promise<INestApplication> {
  return createTestApp(
    IssuanceAppModule.forRoot({
      ISSUE_BATCH_MAX: String(batch.max),
      ISSUE_BATCH_CONCURRENCY: String(batch.concurrency),
    }),
  );
}

/** Waits for a state to be reached (polls; a hang guard, never a timing assertion). */
export async function until(what: string, reached: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (await reached()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`never reached: ${what}`);
}

/**
 * Makes batch composition deterministic. `hold()` locks the number counter of a seller of
 * its own in an open transaction and sends one of its invoices per lane
 * (ISSUE_BATCH_CONCURRENCY): every lane then waits on that lock. Requests sent with
 * `enqueue` queue up in order; on `release()` the first lane to finish takes all of them
 * (up to ISSUE_BATCH_MAX) as ONE batch.
 */
export class BatchLanes {
  private holder?: QueryRunner;
  private blocked: Promise<request.Response>[] = [];

  private constructor(
    private readonly app: INestApplication,
    private readonly seller: EnrolledTaxpayer,
    private readonly buyer: { taxId: string; name: string },
  ) {}

  static async create(app: INestApplication, buyer: { taxId: string; name: string }): Promise<BatchLanes> {
    const lanes = new BatchLanes(app, await enrolledTaxpayer(app), buyer);
    await lanes.issue().expect(201); // the counter row exists from now on
    return lanes;
  }

  get batcher(): IssueBatcherService {
    return this.app.get(IssueBatcherService);
  }

  async hold(): Promise<void> {
    const db = this.app.get(DataSource);
    this.holder = db.createQueryRunner();
    await this.holder.connect();
    await this.holder.startTransaction();
    await this.holder.query(
      `SELECT 1 FROM issuance.number_counters c JOIN registry.number_ranges r ON r.id = c.range_id
        WHERE r.tax_id = $1 FOR UPDATE OF c`,
      [this.seller.taxId],
    );
    const lanes = this.app.get(IssuanceConfig).ISSUE_BATCH_CONCURRENCY;
    const running = this.batcher.stats.running;
    this.blocked = Array.from({ length: lanes }, () => this.issue().then((r) => r));
    await until('every lane busy', () => this.batcher.stats.running === running + lanes);
  }

  /**
   * Sends a request and returns once it waits in the queue — or was answered before it
   * got there (refused while being prepared). `response` settles after `release()`.
   */
  async enqueue(test: request.Test): Promise<{ response: Promise<request.Response> }> {
    const queued = this.batcher.stats.queued;
    let answered = false;
    const response = test.then((r) => {
      answered = true;
      return r;
    });
    await until('request queued', () => answered || this.batcher.stats.queued > queued);
    return { response };
  }

  async release(): Promise<void> {
    await this.holder!.commitTransaction();
    await this.holder!.release();
    for (const r of await Promise.all(this.blocked)) expect(r.status).toBe(201);
  }

  private issue(): request.Test {
    return request(this.app.getHttpServer())
      .post('/v1/invoices')
      .set('Authorization', `Bearer ${this.seller.apiKey}`)
      .send(invoiceBody(this.buyer));
  }
}
