import type { onRequestHookHandler } from 'fastify';

/**
 * Headers for the few pages the apps serve to browsers (the bureau dashboard, the queue
 * dashboard): the page's Content-Security-Policy, no Referer to anywhere, no MIME sniffing,
 * no framing (clickjacking) — also for browsers that ignore `frame-ancestors`. A request
 * hook of the Fastify scope that serves the pages.
 */
export function browserPageHeaders(contentSecurityPolicy: string): onRequestHookHandler {
  return (_request, reply, done) => {
    void reply.headers({
      'Content-Security-Policy': contentSecurityPolicy,
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
    });
    done();
  };
}
