/**
 * The agent's open chats as tabs (the ARIA tabs pattern): one tab per support chat, arrow keys /
 * Home / End move between tabs, the selected tab's panel is shown. Routes room events to the
 * right chat by room name (= request id). Rules: the open chats are kept in the session so a
 * reload brings the tabs back; an ended chat stays until the agent closes its tab; a new chat
 * is selected and its composer focused; closing a tab (from its panel, once the chat ended) moves
 * the focus to the next tab or the section's heading.
 */
import { h } from '../shared/element-builder.js';
import type { OpenChat } from './agent-session.js';
import { ChatPane } from './chat-pane.js';
import type { ConsoleContext } from './console-context.js';
import { say } from './strings.js';

interface Tab {
  readonly pane: ChatPane;
  readonly tab: HTMLButtonElement;
}

export class ChatTabs {
  readonly el: HTMLElement;
  private readonly strip: HTMLElement;
  private readonly panels: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly title: HTMLElement;
  private readonly tabs = new Map<string, Tab>();
  private selected: string | undefined;

  constructor(private readonly ctx: ConsoleContext) {
    this.strip = h('div', { role: 'tablist', class: 'tabs', 'aria-labelledby': 'chats-title' });
    this.strip.addEventListener('keydown', (e) => this.onKey(e));
    this.panels = h('div', { class: 'panels' });
    this.empty = h('p', { class: 'muted' }, say('noChats'));
    this.title = h('h2', { id: 'chats-title', tabindex: '-1' }, say('chatsTitle'));
    this.el = h('section', { class: 'panel chats', 'aria-labelledby': 'chats-title', id: 'chats' }, this.title, this.empty, this.strip, this.panels);
  }

  get(requestId: string): ChatPane | undefined {
    return this.tabs.get(requestId)?.pane;
  }

  /** Opens (or selects) the tab of a chat. */
  open(chat: OpenChat, focus = true): ChatPane {
    const known = this.tabs.get(chat.requestId);
    if (known) {
      this.select(chat.requestId, focus);
      return known.pane;
    }
    const pane = new ChatPane(this.ctx, chat, () => this.close(chat.requestId));
    const id = `chat-${chat.requestId}`;
    const tab = h('button', {
      type: 'button', role: 'tab', id: `${id}-tab`, 'aria-controls': `${id}-panel`, 'aria-selected': 'false', tabindex: '-1', 'data-chat-tab': chat.requestId,
    }, say('chatTab', { v: pane.name })) as HTMLButtonElement;
    tab.addEventListener('click', () => this.select(chat.requestId, false));
    this.strip.append(tab);
    this.panels.append(pane.panel);
    this.tabs.set(chat.requestId, { pane, tab });
    if (!this.ctx.session.chats.some((c) => c.requestId === chat.requestId)) {
      this.ctx.session.chats.push(chat);
      this.ctx.save();
    }
    this.empty.hidden = true;
    this.select(chat.requestId, focus);
    return pane;
  }

  close(requestId: string): void {
    const t = this.tabs.get(requestId);
    if (!t) return;
    t.pane.dispose();
    t.tab.remove();
    t.pane.panel.remove();
    this.tabs.delete(requestId);
    this.ctx.session.chats = this.ctx.session.chats.filter((c) => c.requestId !== requestId);
    this.ctx.save();
    this.empty.hidden = this.tabs.size > 0;
    if (this.selected === requestId) {
      this.selected = undefined;
      const next = [...this.tabs.keys()][0];
      if (next) this.select(next, true);
      else this.title.focus();
    }
  }

  private select(requestId: string, focusComposer: boolean): void {
    this.selected = requestId;
    for (const [id, t] of this.tabs) {
      const on = id === requestId;
      t.tab.setAttribute('aria-selected', on ? 'true' : 'false');
      t.tab.tabIndex = on ? 0 : -1;
      t.pane.panel.hidden = !on;
    }
    const t = this.tabs.get(requestId);
    if (!t) return;
    if (focusComposer) t.pane.focusComposer();
  }

  private onKey(e: KeyboardEvent): void {
    const ids = [...this.tabs.keys()];
    const at = this.selected ? ids.indexOf(this.selected) : -1;
    let next: number | undefined;
    if (e.key === 'ArrowRight') next = (at + 1) % ids.length;
    else if (e.key === 'ArrowLeft') next = (at - 1 + ids.length) % ids.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = ids.length - 1;
    const id = next === undefined ? undefined : ids[next];
    if (!id) return;
    e.preventDefault();
    this.select(id, false);
    this.tabs.get(id)?.tab.focus();
  }
}
