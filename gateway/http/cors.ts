/** ofchat's CORS headers on every response; OPTIONS answered without credentials. */
import type { RequestHandler } from 'express';

const ALLOW_HEADERS =
  'Overwrite, Destination, Content-Type, Depth, User-Agent, X-File-Size, X-Requested-With, If-Modified-Since, X-File-Name, Cache-Control, Authorization, Accept, Last-Event-ID';
const ALLOW_METHODS = 'GET, POST, PUT, DELETE, OPTIONS, HEAD';

export function cors(origin: string): RequestHandler {
  return (req, res, next) => {
    res.setHeader('Access-Control-Allow-Origin', origin === '*' && req.headers.origin ? req.headers.origin : origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Access-Control-Allow-Headers', ALLOW_HEADERS);
    res.setHeader('Access-Control-Allow-Methods', ALLOW_METHODS);
    res.setHeader('Vary', 'Origin');
    if (req.method === 'OPTIONS') {
      res.status(200).end();
      return;
    }
    next();
  };
}
