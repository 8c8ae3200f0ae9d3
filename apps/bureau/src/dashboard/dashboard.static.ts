import { static as serveStatic } from 'express';
import type { RequestHandler } from 'express';
import { dirname, join } from 'node:path';
import { browserPageHeaders } from '@app/platform';

/** Where the bureau app serves the dashboard. */
export const DASHBOARD_PATH = '/dashboard';

/**
 * The files: beside this module both in the sources (ts-jest) and in dist/ (scripts/build.js
 * copies apps/bureau/src/dashboard/public/** there).
 */
export const DASHBOARD_ROOT = join(__dirname, 'public');

/**
 * Scripts, styles and API calls only from this origin: no inline script, no CDN, no
 * framing. Styles set through the DOM's style objects (bar widths) are not inline styles
 * in the CSP sense; the page has no style attributes.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/**
 * Libraries the pages load, served from their npm packages (the versions package-lock.json
 * pins), never from a CDN: cytoscape.js draws the invoice-flow graph (views/graph.js).
 */
const VENDOR: Readonly<Record<string, string>> = {
  // (the package exports this file for `import` only: found beside its CommonJS build)
  '/vendor/cytoscape.esm.min.mjs': join(dirname(require.resolve('cytoscape')), 'cytoscape.esm.min.mjs'),
};

const vendorFiles: RequestHandler = (req, res, next) => {
  const file = Object.hasOwn(VENDOR, req.path) ? VENDOR[req.path] : undefined;
  if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
  res.sendFile(file, {
    headers: { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' },
  });
};

/** Handlers for `app.use(DASHBOARD_PATH, ...)`: headers, the vendored libraries, then the files (revalidated on every load). */
export function dashboardHandlers(root = DASHBOARD_ROOT): RequestHandler[] {
  return [
    browserPageHeaders(DASHBOARD_CSP),
    vendorFiles,
    serveStatic(root, {
      index: 'index.html',
      dotfiles: 'ignore',
      fallthrough: true,
      redirect: true,
      cacheControl: true,
      maxAge: 0,
      setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
    }),
  ];
}
