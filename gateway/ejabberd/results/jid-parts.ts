/** Splits a JID string into the user/host/resource arguments ejabberd commands take. */

export interface JidParts {
  readonly user: string;
  readonly host: string;
  readonly resource: string;
}

export function splitJid(jid: string): JidParts {
  const slash = jid.indexOf('/');
  const bare = slash < 0 ? jid : jid.slice(0, slash);
  const resource = slash < 0 ? '' : jid.slice(slash + 1);
  const at = bare.indexOf('@');
  return at < 0 ? { user: '', host: bare, resource } : { user: bare.slice(0, at), host: bare.slice(at + 1), resource };
}
