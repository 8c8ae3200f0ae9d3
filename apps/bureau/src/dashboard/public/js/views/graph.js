// The invoice-flow graph drawn with cytoscape.js (served by the bureau app from its npm
// package, loaded only when a page draws a graph): taxpayers as nodes, seller → buyer edges
// by amount. The edges of a ring (CIRCULAR_TRADING) are highlighted; clicking an edge lists
// its figures and, where the page has them, its invoices. An AFFILIATED_TRADE finding draws
// how its seller and buyer are related: the trade, and each trail to the party they share.
import { h } from '../dom.js';
import { count, money } from '../format.js';
import { label, t } from '../i18n.js';
import { table } from './common.js';

const RING = 'CIRCULAR_TRADING';
const AFFILIATED = 'AFFILIATED_TRADE';
const edgeId = (e) => `${e.sellerTaxId}>${e.buyerTaxId}`;

/** The edge's figures, and its invoices when given (a ring's or an affiliated trade's details list them). */
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

function loadCytoscape() {
  if (!document.getElementById(CYTOSCAPE_STYLESHEET)) {
    const own = document.querySelector('link[rel=stylesheet]');
    if (own) own.id = CYTOSCAPE_STYLESHEET;
  }
  // @ts-expect-error -- served at run time from the cytoscape package (dashboard.plugin.ts), not a file here
  return import('../../vendor/cytoscape.esm.min.mjs').then((module) => module.default);
}

function draw(container, panel, graph) {
  return loadCytoscape().then((cytoscape) => {
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
  return graphCard({
    title,
    note,
    testid: 'trade-graph',
    hint: t('graph.clickEdge'),
    drawInto: (container, panel) => draw(container, panel, graph),
  });
}

/**
 * A card with a drawing area and the panel a click on the drawing fills; `drawInto` runs once
 * the card is on the page (cytoscape measures its container). Where the drawing library does
 * not load (blocked, offline), the area says so, and the rest of the page still explains the
 * finding.
 */
function graphCard({ title, note = null, testid, hint, drawInto, attrs = {}, after = null }) {
  const container = h('div', { class: 'graph', 'data-testid': testid });
  const panel = h('div', { class: 'graph-panel muted', 'data-testid': 'graph-panel' }, hint);
  requestAnimationFrame(() =>
    drawInto(container, panel).catch(() =>
      container.replaceChildren(
        h(
          'p',
          { class: 'notice', role: 'alert', 'data-testid': 'graph-unavailable' },
          t('graph.unavailable'),
        ),
      ),
    ),
  );
  return h(
    'section',
    { class: 'card', ...attrs },
    h('h2', {}, title),
    note ? h('p', { class: 'muted small' }, note) : null,
    h('div', { class: 'graph-layout' }, container, panel),
    after,
  );
}

/** A CIRCULAR_TRADING finding's ring as a graph: its members, its edges with their invoices. */
export function ringGraph(details) {
  return {
    nodes: details.cycle.map((m, i) => ({ taxId: m.taxId, depth: i === 0 ? 0 : 1 })),
    edges: details.edges.map((e) => ({ ...e, categories: [RING] })),
  };
}

/*
 * AFFILIATED_TRADE. A trail (details.trails[]) is the seller's hops and the buyer's hops to
 * the node they share; hop i runs from hop.taxId to the next hop's taxpayer, the last hop to
 * the node. Each hop is drawn as an edge from the party to the taxpayer it belongs to, so the
 * arrows read "controls" / "is the contact of".
 */

/**
 * The highlights, written the way cytoscape reports a drawn colour back (ele.style()): the
 * container then lists what was drawn in them, not what the code meant to draw.
 */
const TRADE_COLOUR = 'rgb(200,30,30)'; // the ring's red
const TRAIL_COLOUR = 'rgb(234,88,12)';
const TAXPAYER_NODE = 'taxpayer:';
// the hand-made layout: seller and buyer WIDTH apart on top, a row per trail below
const WIDTH = 480;
const ROW = 110;

/** A company node by its bare tax id: one node with the same company met as seller, buyer or hop. */
const nodeId = (node) => (node.startsWith(TAXPAYER_NODE) ? node.slice(TAXPAYER_NODE.length) : node);
/** person | taxpayer | address | phone | bank_account */
const nodeKind = (node) => node.slice(0, node.indexOf(':'));
/** '0.4' → '40%' (the share is an exact decimal string; two places are plenty). */
const percent = (share) => `${Number((Number(share) * 100).toFixed(2))}%`;

/** Whom a hop reaches: a person's name and masked number, a company's name and tax id, a contact. */
function reached(hop) {
  if (hop.value !== undefined) return [hop.value];
  return [hop.name, hop.idNumber ?? hop.partyTaxId].filter(Boolean);
}

/** A hop as a sentence: "<taxId> 的股东：中间公司 · <tax id> · 持股 40%". */
function hopText(hop) {
  const share = hop.share ? t('graph.share', { pct: percent(hop.share) }) : null;
  return t('graph.hop', {
    taxId: hop.taxId,
    role: label('hop', hop.role),
    party: [...reached(hop), share].filter(Boolean).join(' · '),
  });
}

/** The edge's label: the role, and the share a shareholder holds. */
const hopLabel = (hop) =>
  [label('hop', hop.role), hop.share ? percent(hop.share) : null].filter(Boolean).join(' ');
/** A node's label: a contact says what kind it is; a person or company is known by name and number. */
const nodeLabel = (hop) =>
  (hop.value !== undefined ? [label('hop', hop.role), hop.value] : reached(hop)).join('\n');

/**
 * The finding as cytoscape elements, placed by hand (a force layout scatters a chain of
 * five): the trade across the top, each trail a row below meeting at its node half-way.
 */
function affiliationElements(f, trade) {
  const nodes = new Map();
  const edges = new Map();
  const addNode = (id, text, classes, position) => {
    if (!nodes.has(id)) nodes.set(id, { data: { id, label: text }, classes, position });
  };
  addNode(f.sellerTaxId, `${t('seller')}\n${f.sellerTaxId}`, 'taxpayer party', { x: 0, y: 0 });
  addNode(f.buyerTaxId, `${t('buyer')}\n${f.buyerTaxId}`, 'taxpayer party', { x: WIDTH, y: 0 });
  f.details.trails.forEach((trail, row) => {
    const y = (row + 1) * ROW;
    for (const [hops, x0] of [
      [trail.seller, 0],
      [trail.buyer, WIDTH],
    ]) {
      hops.forEach((hop, i) => {
        const last = i === hops.length - 1;
        const party = last ? nodeId(trail.node) : hops[i + 1].taxId;
        const x = x0 + ((WIDTH / 2 - x0) * (i + 1)) / hops.length;
        addNode(party, nodeLabel(hop), last ? nodeKind(trail.node) : 'taxpayer', { x, y });
        const id = `${hop.role}:${party}>${hop.taxId}`;
        const data = { id, source: party, target: hop.taxId, label: hopLabel(hop), hop };
        if (!edges.has(id)) edges.set(id, { data, classes: 'control' });
      });
    }
    nodes.get(nodeId(trail.node)).classes += ' common';
  });
  const tradeEdge = {
    data: {
      id: edgeId(trade),
      source: trade.sellerTaxId,
      target: trade.buyerTaxId,
      label: money(trade.amount),
      edge: trade,
    },
    classes: 'trade',
  };
  return [...nodes.values(), tradeEdge, ...edges.values()];
}

const AFFILIATION_STYLE = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'font-size': 9,
      'text-wrap': 'wrap',
      'text-valign': 'bottom',
      'text-margin-y': 3,
      'background-color': '#6b7a90',
    },
  },
  { selector: 'node.taxpayer', style: { shape: 'round-rectangle' } },
  {
    selector: 'node.party',
    style: { 'background-color': '#1d4ed8', 'text-valign': 'top', 'text-margin-y': -3 },
  },
  { selector: 'node.address, node.phone, node.bank_account', style: { shape: 'diamond' } },
  {
    selector: 'node.common',
    style: { 'background-color': '#fdba74', 'border-width': 3, 'border-color': TRAIL_COLOUR },
  },
  {
    selector: 'edge',
    style: {
      label: 'data(label)',
      'font-size': 8,
      'curve-style': 'bezier',
      'target-arrow-shape': 'triangle',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.85,
    },
  },
  {
    selector: 'edge.trade',
    style: { width: 3, 'line-color': TRADE_COLOUR, 'target-arrow-color': TRADE_COLOUR },
  },
  {
    selector: 'edge.control',
    style: {
      width: 2,
      'line-style': 'dashed',
      'line-color': TRAIL_COLOUR,
      'target-arrow-color': TRAIL_COLOUR,
    },
  },
];

/** What a click on a control edge shows: the hop it draws. */
function hopPanel(id, hop) {
  return h('div', { 'data-testid': 'graph-hop', 'data-edge': id }, hopText(hop));
}

/** The ids of `elements` cytoscape drew with `property` in `colour`, space-separated. */
function drawnIn(elements, property, colour) {
  return elements
    .filter((e) => e.style(property) === colour)
    .map((e) => e.id())
    .join(' ');
}

function drawAffiliation(container, panel, elements) {
  return loadCytoscape().then((cytoscape) => {
    const cy = cytoscape({
      container,
      elements,
      style: AFFILIATION_STYLE,
      layout: { name: 'preset', padding: 30 },
    });
    cy.on('tap', 'edge', (evt) => {
      const { edge, hop } = evt.target.data();
      panel.replaceChildren(edge ? edgePanel(edge) : hopPanel(evt.target.id(), hop));
    });
    // for the browser tests: what is highlighted, as drawn (they cannot take cytoscape's objects out)
    container.dataset.tradeEdges = drawnIn(cy.edges(), 'line-color', TRADE_COLOUR);
    container.dataset.trailEdges = drawnIn(cy.edges(), 'line-color', TRAIL_COLOUR);
    container.dataset.commonNodes = drawnIn(cy.nodes(), 'border-color', TRAIL_COLOUR);
    container.dataset.ready = 'true';
    container.cy = cy;
  });
}

/** One trail side as text: its hops in order, or the taxpayer itself when it is the node. */
function chain(hops, taxId) {
  return hops.length ? hops.map(hopText).join(' → ') : t('graph.itself', { taxId });
}

/** The trails as text: what the graph shows, readable without it (and if cytoscape fails to load). */
function trailList(f) {
  const { trails, trailCount } = f.details;
  const items = trails.map((trail) => {
    const last = trail.seller.at(-1) ?? trail.buyer.at(-1);
    return h(
      'li',
      { 'data-node': trail.node },
      h(
        'div',
        {},
        t('graph.common', {
          kind: label('graph.node', nodeKind(trail.node)),
          party: reached(last).join(' · '),
        }),
      ),
      h(
        'dl',
        { class: 'kv small' },
        h('dt', {}, t('seller')),
        h('dd', {}, chain(trail.seller, f.sellerTaxId)),
        h('dt', {}, t('buyer')),
        h('dd', {}, chain(trail.buyer, f.buyerTaxId)),
      ),
    );
  });
  return h(
    'div',
    {},
    h('h3', {}, t('graph.trailsTitle')),
    trailCount > trails.length
      ? h('p', { class: 'muted small' }, t('graph.trailsTruncated', { n: trails.length, total: trailCount }))
      : null,
    h('ol', { class: 'trail', 'data-testid': 'affiliation-trails' }, items),
  );
}

/**
 * An AFFILIATED_TRADE finding's section: the seller, the buyer, the trade between them (its
 * edge lists the finding's invoices) and the trails to the party they share, highlighted,
 * and the trails again as text.
 */
export function affiliationSection(f) {
  const d = f.details;
  const trade = {
    sellerTaxId: f.sellerTaxId,
    buyerTaxId: f.buyerTaxId,
    invoiceCount: d.invoiceCount,
    amount: d.amount,
    taxAmount: d.taxAmount,
    categories: [AFFILIATED],
    invoices: d.invoices,
  };
  return graphCard({
    title: t('graph.affiliationTitle'),
    testid: 'affiliation-graph',
    hint: t('graph.clickAffiliation'),
    drawInto: (container, panel) => drawAffiliation(container, panel, affiliationElements(f, trade)),
    attrs: { 'data-testid': 'affiliation' },
    after: trailList(f),
  });
}
