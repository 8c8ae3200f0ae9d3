import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AmountVersion, BusinessRuleError, formatInvoiceNumber } from '@app/domain';
import { certificateRevoked, sellerNotNormal } from './issuing.error';
import { inLockOrder, NumberRequest, planNumberBlocks } from './number-block-plan';
import { NumberCountersRepository } from './number-counters.repository';

/** Concurrent transactions may exhaust a candidate between our read and our update: retry. */
const MAX_ATTEMPTS = 5;

export interface AllocatedNumber {
  invoiceCode: string;
  invoiceNumber: string;
}

/**
 * Takes invoice numbers gap-free (ADR 0005, ADR 0013): a number is consumed only if the
 * transaction that stores its invoice commits.
 */
@Injectable()
export class InvoiceNumberAllocator {
  constructor(private readonly counters: NumberCountersRepository) {}

  /**
   * Numbers for a whole batch, in the caller's transaction: one statement for the blocks
   * (TAKE_NUMBER_BLOCKS), then `take` one by one, in lock order, for what is left. A
   * request refused by a business rule (range exhausted, certificate revoked, ...) gets
   * its error in its slot and consumed nothing; any other error aborts the transaction
   * and is thrown. One seller's numbers follow request order.
   */
  async takeMany(
    manager: EntityManager,
    requests: readonly NumberRequest[],
  ): Promise<(AllocatedNumber | BusinessRuleError)[]> {
    const out: (AllocatedNumber | BusinessRuleError | undefined)[] = new Array(requests.length);
    const { blocks, singles } = planNumberBlocks(requests);
    if (blocks.length > 0) {
      const taken = await this.counters.takeBlocks(
        manager,
        blocks.map((b) => ({ ...b, count: b.items.length })),
      );
      for (const block of blocks) {
        const row = taken.get(block.sellerTaxId);
        if (!row) singles.push(...block.items);
        else
          block.items.forEach((i, k) => {
            out[i] = { invoiceCode: row.invoiceCode, invoiceNumber: formatInvoiceNumber(row.first + k) };
          });
      }
    }
    for (const i of inLockOrder(singles, requests)) {
      const r = requests[i];
      try {
        out[i] = await this.take(manager, r.sellerTaxId, r.minVersion, r.certificateSerial);
      } catch (err) {
        if (!(err instanceof BusinessRuleError)) throw err;
        out[i] = err;
      }
    }
    return out as (AllocatedNumber | BusinessRuleError)[];
  }

  async take(
    manager: EntityManager,
    sellerTaxId: string,
    minVersion: AmountVersion,
    certificateSerial: string,
  ): Promise<AllocatedNumber> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const next = await this.counters.takeNext(manager, sellerTaxId, minVersion, certificateSerial);
      if (next) return { invoiceCode: next.invoiceCode, invoiceNumber: formatInvoiceNumber(next.number) };
      const left = await this.counters.shortfall(manager, sellerTaxId, certificateSerial);
      if (left.status !== 'normal') {
        throw sellerNotNormal(left.status);
      }
      if (left.revoked) {
        throw certificateRevoked();
      }
      if (left.open === 0) {
        throw new BusinessRuleError(
          'NUMBER_RANGE_EXHAUSTED',
          'No invoice numbers are left in your allocated ranges; ask your bureau for a new range (领购).',
        );
      }
      if (left.max_version < minVersion) {
        throw new BusinessRuleError(
          'AMOUNT_ABOVE_VERSION_CAP',
          `The amount needs an invoice code of amount version ${minVersion} or higher; your open ranges go up to version ${left.max_version}.`,
          { requiredVersion: minVersion, availableVersion: left.max_version },
        );
      }
    }
    throw new BusinessRuleError(
      'NUMBER_ALLOCATION_CONTENDED',
      'Invoice numbers are contended; retry the request.',
    );
  }
}
