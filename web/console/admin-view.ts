/**
 * For admins (the console shows it when GET ask/admin answers): every workgroup with its state,
 * queue length, active chats and each agent's state and chat count (GET ask/admin/{workgroup});
 * creating a workgroup, replacing its members, deleting it (ask/admin…); and each workgroup's
 * canned replies (workgroups/{workgroup}/canned: list, add, delete). Rules: every change reloads
 * from the server; a delete asks for confirmation; results and errors are announced.
 */
import { h } from '../shared/element-builder.js';
import { seg } from './agent-api.js';
import type { ConsoleContext } from './console-context.js';
import { listOf } from './console-model.js';
import type { CannedReply } from './chat-pane.js';
import { say } from './strings.js';

interface AgentState {
  readonly username: string;
  readonly available: boolean;
  readonly show?: string;
  readonly chats?: readonly string[] | string;
}

interface WorkgroupDetail {
  readonly name: string;
  readonly open?: boolean;
  readonly members?: readonly string[];
  readonly queueLength?: number;
  readonly chatCount?: number;
}

const chatCount = (c: AgentState['chats']): number => (Array.isArray(c) ? c.length : c ? 1 : 0);

export class AdminView {
  readonly el: HTMLElement;
  private readonly overview: HTMLElement;
  private readonly canned: HTMLElement;
  private readonly cannedGroup: HTMLSelectElement;
  private names: string[] = [];

  constructor(private readonly ctx: ConsoleContext) {
    this.overview = h('div', { class: 'admin-overview', 'aria-live': 'polite' });
    this.cannedGroup = h('select', { id: 'canned-wg' });
    this.cannedGroup.addEventListener('change', () => this.loadCanned().catch((e: unknown) => this.ctx.fail(e)));
    this.canned = h('div', { class: 'canned-list' });
    const refresh = h('button', { type: 'button' }, say('refresh'));
    refresh.addEventListener('click', () => this.load().catch((e: unknown) => this.ctx.fail(e)));
    this.el = h('section', { class: 'panel', 'aria-labelledby': 'admin-title', id: 'admin' },
      h('h2', { id: 'admin-title', tabindex: '-1' }, say('adminTitle')),
      h('h3', {}, say('adminQueues')), refresh, this.overview, this.createForm(),
      h('h3', {}, say('cannedReplies')),
      h('label', { for: 'canned-wg' }, say('historyWorkgroup')), this.cannedGroup, this.canned, this.cannedForm());
  }

  /** Can this user administer? (GET ask/admin answers 200) */
  async allowed(): Promise<boolean> {
    try {
      await this.ctx.api.request('GET', '/ask/admin');
      return true;
    } catch {
      return false;
    }
  }

  async load(): Promise<void> {
    const list = listOf<WorkgroupDetail>(await this.ctx.api.request('GET', '/ask/admin'), 'workgroups', 'workgroup');
    const details = await Promise.all(list.map((w) => this.ctx.api.request('GET', `/ask/admin/${seg(w.name)}`)));
    this.names = list.map((w) => w.name);
    const tbody = h('tbody', {});
    details.forEach((d, i) => {
      const w = (d ?? list[i]) as WorkgroupDetail & Record<string, unknown>;
      const agents = listOf<AgentState>(w, 'agents', 'agent');
      const members = h('input', { id: `members-${w.name}`, value: (w.members ?? []).join(', '), 'aria-label': `${say('colMembers')}: ${w.name}` });
      const save = h('button', { type: 'button' }, say('saveMembers'));
      save.addEventListener('click', () => this.change(() => this.ctx.api.request('POST', `/ask/admin/${seg(w.name)}`, { text: members.value })));
      const del = h('button', { type: 'button', class: 'danger' }, say('deleteWorkgroup', { w: w.name }));
      del.addEventListener('click', () => {
        if (confirm(say('confirmDelete', { w: w.name }))) this.change(() => this.ctx.api.request('DELETE', `/ask/admin/${seg(w.name)}`));
      });
      tbody.append(h('tr', { 'data-admin-workgroup': w.name },
        h('th', { scope: 'row' }, w.name),
        h('td', {}, say(w.open ? 'yes' : 'no')),
        h('td', {}, String(w.queueLength ?? '')),
        h('td', {}, String(w.chatCount ?? '')),
        h('td', {}, h('ul', { class: 'plain' }, ...agents.map((a) => h('li', {}, say('agentState', {
          a: a.username, s: `${say(a.available ? 'stateAvailable' : 'stateUnavailable')}${a.show ? ` (${a.show})` : ''}`, n: chatCount(a.chats),
        }))))),
        h('td', {}, members, save),
        h('td', {}, del)));
    });
    this.overview.replaceChildren(h('table', { class: 'admin' },
      h('caption', { class: 'visually-hidden' }, say('adminQueues')),
      h('thead', {}, h('tr', {}, ...(['colWorkgroup', 'colOpen', 'colQueue', 'colChats', 'colAgents', 'colMembers', 'colActions'] as const).map((k) => h('th', { scope: 'col' }, say(k))))),
      tbody));
    const chosen = this.cannedGroup.value;
    this.cannedGroup.replaceChildren(...this.names.map((n) => h('option', { value: n }, n)));
    if (this.names.includes(chosen)) this.cannedGroup.value = chosen;
    await this.loadCanned();
  }

  private change(act: () => Promise<unknown>): void {
    act().then(() => {
      this.ctx.announce(say('done'));
      return this.load();
    }).catch((e: unknown) => this.ctx.fail(e));
  }

  private createForm(): HTMLElement {
    const name = h('input', { id: 'new-wg-name', required: true, autocomplete: 'off' });
    const members = h('input', { id: 'new-wg-members', autocomplete: 'off' });
    const form = h('form', { class: 'inline-form', 'aria-labelledby': 'new-wg-title' },
      h('h4', { id: 'new-wg-title' }, say('newWorkgroup')),
      h('label', { for: 'new-wg-name' }, say('workgroupName')), name,
      h('label', { for: 'new-wg-members' }, say('workgroupMembers')), members,
      h('button', { type: 'submit', class: 'primary' }, say('create')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.change(async () => {
        await this.ctx.api.request('POST', '/ask/admin', { json: { name: name.value.trim(), members: members.value } });
        form.reset();
      });
    });
    return form;
  }

  private async loadCanned(): Promise<void> {
    const wg = this.cannedGroup.value;
    if (!wg) {
      this.canned.replaceChildren();
      return;
    }
    const replies = listOf<CannedReply>(await this.ctx.api.request('GET', `/workgroups/${seg(wg)}/canned`), 'canned');
    this.canned.replaceChildren(h('ul', { class: 'plain', 'aria-label': say('cannedTitle', { w: wg }) }, ...replies.map((c) => {
      const del = h('button', { type: 'button', class: 'danger' }, say('deleteCanned', { t: c.title }));
      del.addEventListener('click', () => this.change(() => this.ctx.api.request('DELETE', `/workgroups/${seg(wg)}/canned/${seg(c.id)}`)));
      return h('li', {}, h('strong', {}, c.title), ` – ${c.text} `, del);
    })));
  }

  private cannedForm(): HTMLElement {
    const title = h('input', { id: 'canned-title', required: true, maxlength: '200', autocomplete: 'off' });
    const text = h('textarea', { id: 'canned-text', required: true, maxlength: '4000', rows: '2' });
    const form = h('form', { class: 'inline-form', 'aria-labelledby': 'canned-add-title' },
      h('h4', { id: 'canned-add-title' }, say('addCanned')),
      h('label', { for: 'canned-title' }, say('cannedTitleField')), title,
      h('label', { for: 'canned-text' }, say('cannedTextField')), text,
      h('button', { type: 'submit', class: 'primary' }, say('addCanned')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const wg = this.cannedGroup.value;
      if (!wg) return;
      this.change(async () => {
        await this.ctx.api.request('POST', `/workgroups/${seg(wg)}/canned`, { json: { title: title.value, text: text.value } });
        form.reset();
      });
    });
    return form;
  }
}
