import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { basename, dirname, join } from 'node:path';
import { browserPageHeaders, pathOf } from '@app/platform';

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

/** Beside the page's files for the tools, never served: the modules' tsconfig.json. */
const TOOLING = /(^|\/)tsconfig\.json$/;

/**
 * The dashboard as a Fastify plugin, registered at DASHBOARD_PATH: headers, the vendored
 * libraries, then the files (revalidated on every load). `/dashboard` is sent to
 * `/dashboard/`, so that the page's relative links resolve under it.
 */
export function dashboardPlugin(root = DASHBOARD_ROOT): FastifyPluginAsync {
  return async (scope) => {
    scope.addHook('onRequest', browserPageHeaders(DASHBOARD_CSP));
    // The router ignores trailing slashes, so `/dashboard` and `/dashboard/` reach this one
    // route (never the files' wildcard): the first is redirected, the second is the page.
    scope.get('/', (request, reply) => {
      if (pathOf(request.url) === DASHBOARD_PATH) return reply.redirect(`${DASHBOARD_PATH}/`, 301);
      return reply.sendFile('index.html');
    });
    for (const [path, file] of Object.entries(VENDOR)) {
      scope.get(path, (_request, reply) =>
        reply.type('text/javascript; charset=utf-8').sendFile(basename(file), dirname(file)),
      );
    }
    await scope.register(fastifyStatic, {
      root,
      prefix: '/',
      index: 'index.html',
      dotfiles: 'ignore',
      // public/tsconfig.json types the modules for `npm run typecheck`; it is not the page's.
      allowedPath: (path) => !TOOLING.test(path),
      redirect: false,
      cacheControl: false,
      setHeaders: (reply) => void reply.header('Cache-Control', 'no-cache'),
    });
  };
}
