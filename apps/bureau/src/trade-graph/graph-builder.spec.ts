import { GraphBuilder, type GraphEdgeRow } from './graph-builder';

const edge = (sellerTaxId: string, buyerTaxId: string, amount = '100.00'): GraphEdgeRow => ({
  sellerTaxId,
  buyerTaxId,
  invoiceCount: 1,
  amount,
  taxAmount: '13.00',
  categories: [],
});

describe('GraphBuilder', () => {
  it('grows hop by hop, each node at the hop that first reaches it, each edge once', () => {
    const g = new GraphBuilder('C', 10);
    expect(g.add([edge('C', 'A'), edge('B', 'C')], 1)).toEqual(['A', 'B']);
    expect(g.add([edge('A', 'D'), edge('C', 'A'), edge('A', 'B')], 2)).toEqual(['D']);
    expect(g.nodes()).toEqual([
      { taxId: 'C', depth: 0 },
      { taxId: 'A', depth: 1 },
      { taxId: 'B', depth: 1 },
      { taxId: 'D', depth: 2 },
    ]);
    expect(g.edgeRows().map((e) => `${e.sellerTaxId}>${e.buyerTaxId}`)).toEqual(['C>A', 'B>C', 'A>D', 'A>B']);
    expect(g.truncated).toBe(false);
  });

  it('stops adding nodes at its cap, keeps edges among the nodes it has, and says it was truncated', () => {
    const g = new GraphBuilder('C', 3);
    g.add([edge('C', 'A'), edge('C', 'B'), edge('C', 'X'), edge('A', 'B')], 1);
    expect(g.nodes().map((n) => n.taxId)).toEqual(['C', 'A', 'B']);
    expect(g.edgeRows().map((e) => `${e.sellerTaxId}>${e.buyerTaxId}`)).toEqual(['C>A', 'C>B', 'A>B']);
    expect(g.truncated).toBe(true);
  });
});
