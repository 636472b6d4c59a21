/**
 * An ejabberd_xmlrpc fault → the reason and hint command-failure.ts translates.
 * Fault strings echo every argument (passwords included), so only the thrown reason term, or a
 * fixed text, is kept; the rest of the string goes nowhere.
 * References: ejabberd 23.01 ejabberd_xmlrpc:handler/2, try_do_command/6; notes §6.
 */
import type { FailureHint } from '../command-failure.js';

export interface XmlRpcFailure {
  readonly reason: string;
  readonly hint: FailureHint;
}

const PROBLEM = /A problem '([\s\S]*?)' occurred executing the command /;
const WRAPPED = /^\{(\w+),([\s\S]*)\}$/;

export function readXmlRpcFault(faultCode: number, faultString: string): XmlRpcFailure {
  const text = faultString.replace(/^Error -?\d+\n/, '');
  switch (faultCode) {
    case -118: {
      if (/^Invalid (authentication data|oauth token)/.test(text)) return { reason: text.split('\n')[0] ?? '', hint: 'credentials' };
      const term = PROBLEM.exec(text)?.[1];
      return term === undefined ? { reason: 'the command failed', hint: 'rejected' } : readReasonTerm(term);
    }
    case -114: // duplicated attribute
    case -116: // required attribute not found
    case -120: // additional unused arguments
      return { reason: firstLineWithoutArgs(text), hint: 'rejected' };
    case -122: // its text quotes the offending value, which may be a secret
      return { reason: 'an argument has a type ejabberd cannot coerce', hint: 'rejected' };
    default:
      return { reason: `XML-RPC fault ${faultCode}`, hint: 'rejected' };
  }
}

/** `{not_found,"unknown_user"}`, `{error,"Room already exists"}`, `{error,room_not_found}`, `{error,<<"…">>}`, `error_no_vcard_found`. */
export function readReasonTerm(term: string): XmlRpcFailure {
  const wrapped = WRAPPED.exec(term.trim());
  if (!wrapped) return { reason: unquote(term.trim()), hint: 'rejected' };
  const [, tag = '', inner = ''] = wrapped;
  const reason = unquote(inner.trim());
  if (tag === 'not_found') return { reason, hint: 'not-found' };
  if (tag === 'not_allowed' || reason === 'account_unprivileged' || reason === 'access_rules_unauthorized') return { reason, hint: 'credentials' };
  return { reason, hint: 'rejected' };
}

function unquote(s: string): string {
  const m = /^(?:<<)?"([\s\S]*)"(?:>>)?$/.exec(s);
  return m ? (m[1] ?? '').replace(/\\(["\\])/g, '$1') : s;
}

function firstLineWithoutArgs(text: string): string {
  return (text.split('\n')[0] ?? '').replace(/:\s*$/, '');
}
