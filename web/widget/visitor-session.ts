/**
 * Keeps the visitor's session (chat-state.ts) in sessionStorage, one entry per ofgate server and
 * workgroup: a reload within the tab resumes the request, its position and its transcript; a
 * new tab or a closed browser starts afresh. Rules: nothing goes in cookies or localStorage;
 * storage that is missing, full or blocked degrades to no resume, never to an error.
 */
import type { VisitorSession } from './chat-state.js';

export interface SessionKeeper {
  load(): VisitorSession | undefined;
  save(s: VisitorSession): void;
  clear(): void;
  /** Whether the panel was open (reopened after a reload). */
  loadOpen(): boolean;
  saveOpen(open: boolean): void;
}

export function sessionKeeper(server: string, workgroup: string): SessionKeeper {
  const key = `ofgate-chat:${server}:${workgroup}`;
  const store = (): Storage | undefined => {
    try {
      return window.sessionStorage;
    } catch {
      return undefined;
    }
  };
  const attempt = (f: (st: Storage) => void): void => {
    try {
      const st = store();
      if (st) f(st);
    } catch {
      // full or blocked: no resume
    }
  };
  return {
    load() {
      try {
        const raw = store()?.getItem(key);
        const s = raw ? (JSON.parse(raw) as VisitorSession) : undefined;
        return s && typeof s.userId === 'string' && typeof s.token === 'string' && Array.isArray(s.transcript) ? s : undefined;
      } catch {
        return undefined;
      }
    },
    save: (s) => attempt((st) => st.setItem(key, JSON.stringify(s))),
    clear: () => attempt((st) => st.removeItem(key)),
    loadOpen() {
      try {
        return store()?.getItem(`${key}:open`) === '1';
      } catch {
        return false;
      }
    },
    saveOpen: (open) => attempt((st) => (open ? st.setItem(`${key}:open`, '1') : st.removeItem(`${key}:open`))),
  };
}
