import type { RequestHandler } from 'express';

/**
 * Headers for the few pages the apps serve to browsers (the bureau dashboard, the queue
 * dashboard): the page's Content-Security-Policy, no Referer to anywhere, no MIME sniffing,
 * no framing (clickjacking) — also for browsers that ignore `frame-ancestors`.
 */
export function browserPageHeaders(contentSecurityPolicy: string): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('Content-Security-Policy', contentSecurityPolicy);
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  };
}
