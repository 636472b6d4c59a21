/**
 * Types for @xmpp/* 0.14.0 (which ships none): only the surface ofgate uses.
 * References: xmpp.js packages client, client-core, xml (ltx), iq, sasl, reconnect, middleware.
 */
declare module '@xmpp/xml' {
  export class Element {
    constructor(name: string, attrs?: Record<string, string | undefined>);
    name: string;
    attrs: Record<string, string | undefined>;
    children: Array<Element | string>;
    parent: Element | null;
    is(name: string, xmlns?: string): boolean;
    getName(): string;
    getNS(): string | undefined;
    getAttr(name: string, xmlns?: string): string | undefined;
    getChild(name: string, xmlns?: string): Element | undefined;
    getChildren(name: string, xmlns?: string): Element[];
    getChildElements(): Element[];
    getChildText(name: string, xmlns?: string | null): string | null;
    getText(): string;
    text(): string;
    c(name: string, attrs?: Record<string, string | undefined>): Element;
    t(text: string): Element;
    up(): Element;
    append(...children: Array<Element | string>): Element;
    toString(): string;
  }
  type Child = Element | string | number | null | undefined | false | Child[];
  function xml(name: string, attrs?: Record<string, string | number | undefined> | null, ...children: Child[]): Element;
  namespace xml {
    export { Element };
    function escapeXML(s: string): string;
    function escapeXMLText(s: string): string;
  }
  export default xml;
  export { xml };
  export class Parser {
    write(data: string): void;
    end(data?: string): void;
    on(event: 'element' | 'start' | 'end' | 'error', listener: (el: Element) => void): this;
  }
}

declare module '@xmpp/jid' {
  export class JID {
    local: string;
    domain: string;
    resource: string;
    bare(): JID;
    toString(): string;
    equals(other: JID): boolean;
  }
  function jid(address: string): JID;
  export default jid;
  export { jid, JID as JIDClass };
}

declare module '@xmpp/client' {
  import { EventEmitter } from 'node:events';
  import xml, { Element } from '@xmpp/xml';
  import type { JID } from '@xmpp/jid';

  export { xml };

  export interface SaslMechanism {
    name: string;
    clientFirst: boolean;
    response(creds: Record<string, unknown>): string;
    challenge?(chal: string): void;
  }

  export interface Client extends EventEmitter {
    status: string;
    jid: JID | null;
    socket: unknown;
    start(): Promise<JID>;
    stop(): Promise<void>;
    disconnect(timeout?: number): Promise<void>;
    send(el: Element): Promise<void>;
    write(s: string): Promise<void>;
    iqCaller: {
      request(el: Element, timeout?: number): Promise<Element>;
      get(child: Element, to?: string, timeout?: number): Promise<Element>;
      set(child: Element, to?: string, timeout?: number): Promise<Element>;
    };
    iqCallee: {
      get(ns: string, name: string, handler: (ctx: unknown) => unknown): void;
      set(ns: string, name: string, handler: (ctx: unknown) => unknown): void;
    };
    middleware: { use(fn: (ctx: { stanza: Element; from: JID; to: JID }, next: () => Promise<unknown>) => unknown): void };
    saslFactory: { use(name: string, mechanism: new () => SaslMechanism): void; use(mechanism: unknown): void };
    reconnect: EventEmitter & { stop(): void; start(): void; delay: number };
    streamManagement?: { enabled: boolean };
  }

  export interface ClientOptions {
    service: string;
    domain?: string;
    resource?: string;
    username?: string;
    password?: string;
    credentials?: (authenticate: (creds: Record<string, unknown>, mechanism: string) => Promise<void>, mechanisms: string[]) => Promise<void>;
    timeout?: number;
  }

  export function client(options: ClientOptions): Client;
  export { jid } from '@xmpp/jid';
}
