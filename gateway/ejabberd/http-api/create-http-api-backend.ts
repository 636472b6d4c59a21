/** The mod_http_api adapter: the shared operations over a fetch-based command caller. */
import type { EjabberdBackend } from '../ejabberd-backend.js';
import { createCommandBackend } from '../operations/create-command-backend.js';
import { createHttpApiCaller, type HttpApiCallerOptions } from './http-api-caller.js';

export function createHttpApiBackend(host: string, options: HttpApiCallerOptions): EjabberdBackend {
  return createCommandBackend('http-api', host, createHttpApiCaller(options));
}
