/** The ejabberd_xmlrpc adapter: the shared operations over an XML-RPC command caller. */
import type { EjabberdBackend } from '../ejabberd-backend.js';
import { createCommandBackend } from '../operations/create-command-backend.js';
import { createXmlRpcCaller, type XmlRpcCallerOptions } from './xmlrpc-caller.js';

export function createXmlRpcBackend(options: XmlRpcCallerOptions): EjabberdBackend {
  return createCommandBackend('xmlrpc', options.host, createXmlRpcCaller(options));
}
