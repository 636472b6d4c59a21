/**
 * Two cut-down Express layers for the relay floor (relay-floor-server.ts --floor-router=…),
 * to tell which part of Express's per-request path costs (issue 20): both wrap the plain
 * node:http floor handler (relay-floor-node.ts), so everything but the named Express part is
 * the floor's own code:
 * - `express-bare`: an Express 5 app (ofgate's settings) with one app-wide layer calling the
 *   node handler: Express's app.handle (its request/response prototypes, res.locals), the
 *   app router's walk of one layer, nothing of routing, body parsing or response helpers;
 * - `express-proto`: no Express app at all, only the step of app.handle that gives every
 *   request and response Express's prototypes (`Object.setPrototypeOf(req, app.request)`,
 *   the same for res) before the node handler runs.
 */
import type { RequestListener } from 'node:http';
import express from 'express';
import { nodeFloorHandler } from './relay-floor-node.js';
import type { FloorRelay } from './relay-floor-relay.js';

export function expressBareFloorApp(relay: FloorRelay): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', false);
  const handler = nodeFloorHandler(relay);
  app.use((req, res) => handler(req, res));
  return app;
}

export function expressProtoFloorHandler(relay: FloorRelay): RequestListener {
  const app = express();
  const handler = nodeFloorHandler(relay);
  return (req, res) => {
    Object.setPrototypeOf(req, app.request);
    Object.setPrototypeOf(res, app.response);
    handler(req, res);
  };
}
