/** One row returned by the intake SQL (claim-intake.sql, seller-copy-intake.sql). */
export interface IntakeOutcome {
  /** The item's index in the request, or its row number in an upload. */
  row_number: number;
  status: 'accepted' | 'rejected';
  reason_code: string | null;
  id: string;
}

/** An upload batch's intake: how many of its rows were accepted and rejected. */
export interface IntakeCounts {
  accepted: number;
  rejected: number;
}

export interface IntakeItemResult {
  index: number;
  invoiceCode: string;
  invoiceNumber: string;
  status: 'accepted' | 'rejected';
  code?: string;
  id: string;
}

/** The intake outcomes of an API request as one result per item, in request order, with counts. */
export function intakeItemResults(
  outcomes: IntakeOutcome[],
  items: { invoiceCodes: string[]; invoiceNumbers: string[] },
): { accepted: number; rejected: number; results: IntakeItemResult[] } {
  const byIndex = new Map(outcomes.map((o) => [o.row_number, o]));
  const results = items.invoiceCodes.map((invoiceCode, i) => {
    const o = byIndex.get(i)!;
    return {
      index: i,
      invoiceCode,
      invoiceNumber: items.invoiceNumbers[i],
      status: o.status,
      ...(o.reason_code ? { code: o.reason_code } : {}),
      id: String(o.id),
    };
  });
  const accepted = results.filter((r) => r.status === 'accepted').length;
  return { accepted, rejected: results.length - accepted, results };
}
