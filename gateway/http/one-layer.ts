/**
 * Several app-wide handlers run as one Express layer (issue 20): every request passes the
 * cross-cutting ones (headers, CORS) and the declared routes' dispatch, and each router layer
 * costs a walk step. Rules: the handlers run in order, each one's `next()` calls the following;
 * an error, or `next()` from the last, goes on to the app's next layer; a handler that answers
 * (a CORS preflight) ends the walk.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';

export function oneLayer(...handlers: readonly RequestHandler[]): RequestHandler {
  return (req: Request, res: Response, done: NextFunction): void => {
    let i = 0;
    const next = (err?: unknown): void => {
      if (err !== undefined) return done(err);
      const h = handlers[i++];
      if (!h) return done();
      try {
        void h(req, res, next);
      } catch (e) {
        done(e);
      }
    };
    next();
  };
}
