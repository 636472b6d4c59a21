/** Where Debian's ejabberd lives (the triplet dir differs between amd64 and arm64). */
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export interface EjabberdPaths {
  /** Parent of ejabberd-<vsn>: what ERL_LIBS must contain. */
  readonly libParent: string;
  readonly appDir: string;
  readonly ebin: string;
  readonly include: string;
  readonly xmppInclude: string;
}

export function findEjabberd(): EjabberdPaths {
  for (const triplet of readdirSync('/usr/lib')) {
    const parent = join('/usr/lib', triplet);
    let entries: string[];
    try {
      entries = readdirSync(parent);
    } catch {
      continue;
    }
    const app = entries.filter((e) => /^ejabberd-\d/.test(e)).sort().pop();
    if (!app) continue;
    const appDir = join(parent, app);
    if (!existsSync(join(appDir, 'ebin'))) continue;
    const xmpp = readdirSync('/usr/lib/erlang/lib').filter((e) => e.startsWith('p1_xmpp-')).sort().pop();
    return {
      libParent: parent,
      appDir,
      ebin: join(appDir, 'ebin'),
      include: join(appDir, 'include'),
      xmppInclude: join('/usr/lib/erlang/lib', xmpp ?? 'p1_xmpp', 'include'),
    };
  }
  throw new Error("Debian's ejabberd is not installed (run `make deps`)");
}
