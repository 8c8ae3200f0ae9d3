/** An edge of the graph route: a seller's special invoices of the period to one buyer. */
export interface GraphEdgeRow {
  sellerTaxId: string;
  buyerTaxId: string;
  invoiceCount: number;
  amount: string;
  taxAmount: string;
  categories: string[];
}

/**
 * The neighbourhood of a taxpayer, grown one hop at a time from the edges each hop's query
 * returns (largest first): a node joins at the hop that first reaches it, while there is room
 * (`maxNodes`); an edge whose new end finds no room is left out, and the graph says it was
 * truncated. Edges between nodes already in are always kept.
 */
export class GraphBuilder {
  private readonly depths = new Map<string, number>();
  private readonly edges = new Map<string, GraphEdgeRow>();
  truncated = false;

  constructor(
    centre: string,
    private readonly maxNodes: number,
  ) {
    this.depths.set(centre, 0);
  }

  /** Adds a hop's edges; returns the nodes it reached first (the next hop's frontier). */
  add(rows: readonly GraphEdgeRow[], depth: number): string[] {
    const reached: string[] = [];
    for (const row of rows) {
      const fresh = [row.sellerTaxId, row.buyerTaxId].filter((t) => !this.depths.has(t));
      if (this.depths.size + fresh.length > this.maxNodes) {
        this.truncated = true;
        continue;
      }
      for (const t of fresh) {
        this.depths.set(t, depth);
        reached.push(t);
      }
      this.edges.set(`${row.sellerTaxId}>${row.buyerTaxId}`, row);
    }
    return reached;
  }

  nodes(): { taxId: string; depth: number }[] {
    return [...this.depths].map(([taxId, depth]) => ({ taxId, depth }));
  }

  edgeRows(): GraphEdgeRow[] {
    return [...this.edges.values()];
  }
}
