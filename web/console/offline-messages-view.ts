/**
 * The offline messages visitors left while a workgroup was closed or had no agent: per workgroup
 * of the agent a table (when, name, email, message), newest first (GET
 * workgroups/{workgroup}/messages), each row with a Remove button (DELETE …/messages/{id}); a
 * full page offers the older ones (`after` = the last id shown).
 * Rules: loaded when the section is shown and on Refresh (no event tells of a new message); a
 * removal is announced and focus moves to the next row's Remove button, else the workgroup's
 * heading; text from visitors is only ever set as text (the email as a mailto link).
 */
import { h } from '../shared/element-builder.js';
import { seg } from './agent-api.js';
import type { ConsoleContext } from './console-context.js';
import { type OfflineMessageRow, offlineMessagesOf } from './console-model.js';
import { say } from './strings.js';

const PAGE = 50;

/** A mailto link to one address: `?`, `&`, `#` and `%` in it stay part of the address. */
const mailto = (email: string): string => `mailto:${encodeURIComponent(email).replace(/%40/g, '@')}`;

interface GroupMessages {
  rows: OfflineMessageRow[];
  /** A full page came back: there may be older ones. */
  more: boolean;
}

export class OfflineMessagesView {
  readonly el: HTMLElement;
  private readonly body: HTMLElement;
  private groups = new Map<string, GroupMessages>();

  constructor(private readonly ctx: ConsoleContext, private readonly workgroups: () => string[]) {
    this.body = h('div', { class: 'offline-messages' });
    const refresh = h('button', { type: 'button' }, say('refresh'));
    refresh.addEventListener('click', () => this.load().catch((e: unknown) => this.ctx.fail(e)));
    this.el = h('section', { class: 'panel', 'aria-labelledby': 'offline-title', id: 'offline-messages' },
      h('h2', { id: 'offline-title', tabindex: '-1' }, say('offlineTitle')), refresh, this.body);
  }

  /** Loads the newest page of every workgroup of the agent. */
  async load(): Promise<void> {
    const names = this.workgroups();
    const pages = await Promise.all(names.map((w) => this.page(w)));
    this.groups = new Map(names.map((w, i) => [w, pages[i] ?? { rows: [], more: false }]));
    this.render();
  }

  private async page(workgroup: string, after?: string): Promise<GroupMessages> {
    const answer = await this.ctx.api.request('GET', `/workgroups/${seg(workgroup)}/messages`, { query: { limit: String(PAGE), ...(after ? { after } : {}) } });
    const rows = offlineMessagesOf(answer, workgroup);
    return { rows, more: rows.length >= PAGE };
  }

  private async older(workgroup: string): Promise<void> {
    const group = this.groups.get(workgroup);
    const last = group?.rows[group.rows.length - 1];
    if (!group || !last) return;
    const next = await this.page(workgroup, last.id);
    const known = new Set(group.rows.map((r) => r.id));
    group.rows.push(...next.rows.filter((r) => !known.has(r.id)));
    group.more = next.more;
    this.render();
    this.focusRow(workgroup, last.id, 1);
  }

  private async remove(m: OfflineMessageRow): Promise<void> {
    await this.ctx.api.request('DELETE', `/workgroups/${seg(m.workgroup)}/messages/${seg(m.id)}`);
    const group = this.groups.get(m.workgroup);
    const at = group ? group.rows.findIndex((r) => r.id === m.id) : -1;
    if (group && at >= 0) group.rows.splice(at, 1);
    this.render();
    this.ctx.announce(say('offlineRemoved', { v: m.name || m.email }));
    const next = group?.rows[Math.min(at, group.rows.length - 1)];
    if (next) this.focusRow(m.workgroup, next.id, 0);
    else this.body.querySelector<HTMLElement>(`h3[data-offline-heading="${CSS.escape(m.workgroup)}"]`)?.focus();
  }

  /** Focuses the Remove button of the row `offset` rows after the one of `id`. */
  private focusRow(workgroup: string, id: string, offset: number): void {
    const rows = this.groups.get(workgroup)?.rows ?? [];
    const target = rows[rows.findIndex((r) => r.id === id) + offset];
    if (target) this.body.querySelector<HTMLButtonElement>(`tr[data-offline-message="${CSS.escape(target.id)}"] button`)?.focus();
  }

  private render(): void {
    if (this.groups.size === 0) {
      this.body.replaceChildren(h('p', { class: 'muted' }, say('noWorkgroups')));
      return;
    }
    this.body.replaceChildren(...[...this.groups].map(([workgroup, group]) => {
      const headingId = `offline-wg-${workgroup}`;
      const heading = h('h3', { id: headingId, tabindex: '-1', 'data-offline-heading': workgroup }, say('offlineOf', { w: workgroup }));
      const content = group.rows.length === 0
        ? h('p', { class: 'muted', 'data-offline-empty': workgroup }, say('offlineEmpty'))
        : this.table(workgroup, group.rows);
      let more: HTMLElement | null = null;
      if (group.more) {
        more = h('button', { type: 'button' }, say('offlineOlder'));
        more.setAttribute('aria-label', say('offlineOlderOf', { w: workgroup }));
        more.addEventListener('click', () => this.older(workgroup).catch((e: unknown) => this.ctx.fail(e)));
      }
      return h('section', { class: 'workgroup', 'aria-labelledby': headingId, 'data-offline-workgroup': workgroup }, heading, content, more);
    }));
  }

  private table(workgroup: string, rows: readonly OfflineMessageRow[]): HTMLElement {
    const tbody = h('tbody', {});
    for (const m of rows) {
      const who = m.name || m.email;
      const remove = h('button', { type: 'button', class: 'danger' }, say('offlineRemove'));
      remove.setAttribute('aria-label', say('offlineRemoveOf', { v: who }));
      remove.addEventListener('click', () => {
        remove.disabled = true;
        this.remove(m).catch((e: unknown) => {
          remove.disabled = false;
          this.ctx.fail(e);
        });
      });
      const when = Number.isFinite(m.createdAt)
        ? h('time', { datetime: new Date(m.createdAt).toISOString() }, new Date(m.createdAt).toLocaleString())
        : null;
      tbody.append(h('tr', { 'data-offline-message': m.id },
        h('td', {}, when),
        h('th', { scope: 'row' }, m.name || h('span', { class: 'muted' }, say('offlineNoName'))),
        h('td', {}, m.email ? h('a', { href: mailto(m.email) }, m.email) : ''),
        h('td', { class: 'offline-text' }, m.message),
        h('td', {}, remove)));
    }
    return h('div', { class: 'table-scroll' }, h('table', { class: 'offline', 'data-offline': workgroup },
      h('caption', { class: 'visually-hidden' }, say('offlineOf', { w: workgroup })),
      h('thead', {}, h('tr', {}, ...(['colWhen', 'colName', 'colEmail', 'colMessage', 'colActions'] as const).map((k) => h('th', { scope: 'col' }, say(k))))),
      tbody));
  }
}
