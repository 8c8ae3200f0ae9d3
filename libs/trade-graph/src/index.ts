// The invoice-flow graph (issue 17, docs/adr/0025-invoice-flow-graph.md): who invoices whom,
// and the rings in it. Pure: graphology for the graph, @app/domain's money, node builtins.
export * from './trade-rings';
