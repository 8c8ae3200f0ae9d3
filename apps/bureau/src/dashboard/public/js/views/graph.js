// The invoice-flow graph drawn with cytoscape.js (served by the bureau app from its npm
// package, loaded only when a page draws a graph): taxpayers as nodes, seller → buyer edges
// by amount. The edges of a ring (CIRCULAR_TRADING) are highlighted; clicking an edge lists
// its figures and, where the page has them, its invoices.
import { h } from '../dom.js';
import { count, money } from '../format.js';
import { label, t } from '../i18n.js';
import { table } from './common.js';

const RING = 'CIRCULAR_TRADING';
const edgeId = (e) => `${e.sellerTaxId}>${e.buyerTaxId}`;

/** The edge's figures, and its invoices when given (a ring finding's details list them). */
function edgePanel(edge) {
  const figures = h(
    'dl',
    { class: 'kv' },
    h('dt', {}, t('seller')),
    h('dd', { class: 'mono' }, edge.sellerTaxId),
    h('dt', {}, t('buyer')),
    h('dd', { class: 'mono' }, edge.buyerTaxId),
    h('dt', {}, t('graph.invoices')),
    h('dd', {}, count(edge.invoiceCount)),
    h('dt', {}, t('graph.amount')),
    h('dd', { class: 'money' }, money(edge.amount)),
    h('dt', {}, t('graph.tax')),
    h('dd', { class: 'money' }, money(edge.taxAmount)),
    h('dt', {}, t('category')),
    h('dd', {}, edge.categories?.length ? edge.categories.map((c) => label('cat', c)).join(', ') : '—'),
  );
  const invoices = edge.invoices?.length
    ? table(
        [
          { title: t('invoice'), cell: (i) => `${i.invoiceCode} / ${i.invoiceNumber}`, class: 'mono' },
          { title: t('graph.issueDate'), cell: (i) => i.issueDate },
          { title: t('graph.amount'), cell: (i) => money(i.amount), class: 'num' },
          { title: t('graph.tax'), cell: (i) => money(i.taxAmount), class: 'num' },
        ],
        edge.invoices,
      )
    : null;
  return h('div', { 'data-testid': 'graph-edge', 'data-edge': edgeId(edge) }, figures, invoices);
}

/**
 * cytoscape.js inserts an inline <style> (which the dashboard's CSP refuses) unless an element
 * of this id exists: the page's own stylesheet takes the id, and holds the one rule it would
 * insert (.__________cytoscape_container { position: relative }).
 */
const CYTOSCAPE_STYLESHEET = '__________cytoscape_stylesheet';

function draw(container, panel, graph) {
  if (!document.getElementById(CYTOSCAPE_STYLESHEET)) {
    const own = document.querySelector('link[rel=stylesheet]');
    if (own) own.id = CYTOSCAPE_STYLESHEET;
  }
  import('../../vendor/cytoscape.esm.min.mjs').then(({ default: cytoscape }) => {
    const ring = graph.edges.filter((e) => e.categories?.includes(RING));
    const cy = cytoscape({
      container,
      elements: [
        ...graph.nodes.map((n) => ({
          data: { id: n.taxId, label: n.name ?? n.taxId },
          classes: n.depth === 0 ? 'centre' : '',
        })),
        ...graph.edges.map((e) => ({
          data: {
            id: edgeId(e),
            source: e.sellerTaxId,
            target: e.buyerTaxId,
            label: money(e.amount),
            edge: e,
          },
          classes: e.categories?.includes(RING) ? 'ring' : '',
        })),
      ],
      style: [
        { selector: 'node', style: { label: 'data(label)', 'font-size': 9, 'background-color': '#6b7a90' } },
        { selector: 'node.centre', style: { 'background-color': '#1d4ed8' } },
        {
          selector: 'edge',
          style: {
            label: 'data(label)',
            'font-size': 8,
            width: 1.5,
            'curve-style': 'bezier',
            'target-arrow-shape': 'triangle',
            'line-color': '#9aa5b1',
            'target-arrow-color': '#9aa5b1',
          },
        },
        {
          selector: 'edge.ring',
          style: { width: 3, 'line-color': '#c81e1e', 'target-arrow-color': '#c81e1e' },
        },
      ],
      layout: { name: graph.nodes.length <= 8 ? 'circle' : 'cose', animate: false },
    });
    cy.on('tap', 'edge', (evt) => panel.replaceChildren(edgePanel(evt.target.data('edge'))));
    container.dataset.ringEdges = String(ring.length);
    container.dataset.ready = 'true';
    // for the browser tests, which tap an edge as an officer clicks it
    container.cy = cy;
  });
}

/**
 * A section drawing `graph` ({nodes, edges} as GET /v1/taxpayers/{taxId}/graph answers, or a
 * ring from a finding's details), once the section is on the page.
 */
export function graphSection(title, graph, note = null) {
  const container = h('div', { class: 'graph', 'data-testid': 'trade-graph' });
  const panel = h('div', { class: 'graph-panel muted', 'data-testid': 'graph-panel' }, t('graph.clickEdge'));
  requestAnimationFrame(() => draw(container, panel, graph));
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, title),
    note ? h('p', { class: 'muted small' }, note) : null,
    h('div', { class: 'graph-layout' }, container, panel),
  );
}

/** A CIRCULAR_TRADING finding's ring as a graph: its members, its edges with their invoices. */
export function ringGraph(details) {
  return {
    nodes: details.cycle.map((m, i) => ({ taxId: m.taxId, depth: i === 0 ? 0 : 1 })),
    edges: details.edges.map((e) => ({ ...e, categories: [RING] })),
  };
}
