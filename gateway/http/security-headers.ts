/**
 * Headers every answer carries, whatever its route: no MIME sniffing, no Referer leaking a
 * visitor token or a stream id from an ofgate page, no framing of ofgate's pages by another site
 * (the API's JSON is never meant to be framed; the widget is a script the host page loads, not
 * a frame). Swagger's and the pages' own Content-Security-Policy, where they need one, are
 * theirs to set.
 */
import type { RequestHandler } from 'express';

export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  next();
};

/**
 * A browser script's request (fetch or XMLHttpRequest) rather than a page the user navigated
 * to, or curl: `X-Requested-With`, or a `Sec-Fetch-Mode` other than navigate. Such a caller gets
 * its 401 without `WWW-Authenticate: Basic`, so the browser shows no login dialog of its own
 * (the REST API plugin's behaviour); curl and ofchat's server-side clients still get the challenge.
 */
export function isScriptedCaller(headers: Readonly<Record<string, string | string[] | undefined>>): boolean {
  if (headers['x-requested-with'] !== undefined) return true;
  const mode = headers['sec-fetch-mode'];
  return typeof mode === 'string' && mode !== '' && mode !== 'navigate';
}
