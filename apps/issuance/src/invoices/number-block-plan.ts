import { AmountVersion } from '@app/domain';

/** What one invoice of a batch needs from the allocator. */
export interface NumberRequest {
  sellerTaxId: string;
  minVersion: AmountVersion;
  certificateSerial: string;
}

/** Several invoices of one seller that can take one block of consecutive numbers. */
export interface NumberBlock {
  sellerTaxId: string;
  minVersion: AmountVersion;
  certificateSerial: string;
  /** Indexes into the batch, in request order: the i-th gets the block's first number + i. */
  items: number[];
}

/**
 * Splits a batch's number requests: a seller whose requests all ask for the same amount
 * version (with the same certificate) takes one block; a seller with mixed versions
 * takes its numbers one by one, as a lone request would, so each invoice still gets the
 * earliest range that admits it.
 */
export function planNumberBlocks(requests: readonly NumberRequest[]): {
  blocks: NumberBlock[];
  singles: number[];
} {
  const bySeller = new Map<string, number[]>();
  requests.forEach((r, i) => {
    const items = bySeller.get(r.sellerTaxId);
    if (items) items.push(i);
    else bySeller.set(r.sellerTaxId, [i]);
  });
  const blocks: NumberBlock[] = [];
  const singles: number[] = [];
  for (const [sellerTaxId, items] of bySeller) {
    const first = requests[items[0]];
    const uniform = items.every(
      (i) =>
        requests[i].minVersion === first.minVersion &&
        requests[i].certificateSerial === first.certificateSerial,
    );
    if (uniform)
      blocks.push({
        sellerTaxId,
        minVersion: first.minVersion,
        certificateSerial: first.certificateSerial,
        items,
      });
    else singles.push(...items);
  }
  return { blocks, singles };
}

/**
 * The order in which one-by-one requests take their counter locks: by seller tax ID,
 * then request order. Two batches that lock counters of the same sellers then lock them
 * in the same order and cannot deadlock on them; one seller's numbers follow request order.
 */
export function inLockOrder(indexes: readonly number[], requests: readonly NumberRequest[]): number[] {
  return [...indexes].sort((a, b) => {
    const x = requests[a].sellerTaxId;
    const y = requests[b].sellerTaxId;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
}
