/**
 * The CORS headers of the /clicktochat paths: clicktochat_ejabberd's set (2013), with the
 * allowed origin configurable (clicktochat.corsOrigin). Unset, the origin is `*` on `list` only
 * and none on the others (the original sent `*` everywhere, letting any page register and delete
 * accounts). The allowed headers add what ofgate's access needs (Authorization, X-Api-Key).
 *
 * `applyClickToChatCors` replaces what the app-wide CORS layer set on an answer of these paths;
 * `clickToChatPreflight` answers OPTIONS on them (mounted ahead of the app-wide layer).
 */
import type { RequestHandler, Response } from 'express';
import type { ClickToChatSettings } from '../../clicktochat/index.js';

export const CLICKTOCHAT_BASE = '/clicktochat';
export type ClickToChatPath = 'register' | 'list' | 'disconnect' | 'pairs';

export const ALLOW_METHODS = 'POST, PUT, DELETE, GET, OPTIONS';
export const ALLOW_HEADERS = 'origin, content-type, accept, authorization, x-api-key';

/** The Access-Control-Allow-Origin of a path; null: none. */
export function allowedOrigin(settings: Pick<ClickToChatSettings, 'corsOrigin'>, path: string): string | null {
  if (settings.corsOrigin !== null) return settings.corsOrigin;
  return path === 'list' ? '*' : null;
}

export function applyClickToChatCors(res: Response, origin: string | null): void {
  res.removeHeader('Access-Control-Allow-Credentials');
  if (origin === null) res.removeHeader('Access-Control-Allow-Origin');
  else {
    res.setHeader('Access-Control-Allow-Origin', origin);
    if (origin !== '*') res.setHeader('Access-Control-Allow-Credentials', 'true');
  }
  res.setHeader('Access-Control-Allow-Methods', ALLOW_METHODS);
  res.setHeader('Access-Control-Allow-Headers', ALLOW_HEADERS);
  res.setHeader('Vary', 'Origin');
}

/** OPTIONS on /clicktochat/<path>: 200, the headers above, `Content-Type: text/xml`, no body (as the original). */
export function clickToChatPreflight(settings: Pick<ClickToChatSettings, 'corsOrigin'>): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'OPTIONS') return next();
    const path = req.path.replace(/^\/+|\/+$/g, '');
    applyClickToChatCors(res, allowedOrigin(settings, path));
    res.status(200).type('text/xml').end();
  };
}
