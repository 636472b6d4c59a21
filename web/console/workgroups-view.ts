/**
 * The agent's workgroups: per workgroup a switch "Available in …" (POST / DELETE
 * chat/{sid}/assists/{workgroup}), the agent's current chats there, and the live queue (who
 * waits, since when, their question, their place) from GET chat/{sid}/assists/queues.
 * Rules: the server is the truth; the view reloads both lists after each toggle and, debounced,
 * whenever a queue event or an offer arrives (`refreshSoon`); waiting times are recomputed by
 * `tick`; the queue of a workgroup where the agent is not available is not sent by the API, and
 * the view says so instead of showing an empty queue.
 */
import { h } from '../shared/element-builder.js';
import { seg } from './agent-api.js';
import { type ConsoleContext } from './console-context.js';
import { listOf, type QueueRow, queueRowsOf, timeOf } from './console-model.js';
import { duration, say } from './strings.js';

export interface AgentWorkgroup {
  readonly name: string;
  readonly available: boolean;
  readonly chats: number;
}

const DEBOUNCE_MS = 250;
const MAX_KNOWN = 500;

export class WorkgroupsView {
  readonly el: HTMLElement;
  private readonly body: HTMLElement;
  private groups: AgentWorkgroup[] = [];
  private queues = new Map<string, QueueRow[]>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly questions = new Map<string, string>();
  private readonly waitCells: { cell: HTMLElement; since: number }[] = [];

  constructor(private readonly ctx: ConsoleContext) {
    this.body = h('div', { class: 'workgroups' });
    this.el = h('section', { class: 'panel', 'aria-labelledby': 'wg-title', id: 'workgroups' },
      h('h2', { id: 'wg-title' }, say('workgroupsTitle')), this.body);
  }

  /**
   * The question of a request, from its offer (the queue API gives none): shown in the queue.
   * Kept for the page's life only, at most MAX_KNOWN.
   */
  knowQuestion(requestId: string, question: string): void {
    if (this.questions.size >= MAX_KNOWN) this.questions.delete(this.questions.keys().next().value as string);
    this.questions.set(requestId, question);
  }

  names(): string[] {
    return this.groups.map((g) => g.name);
  }

  async load(): Promise<void> {
    const sid = seg(this.ctx.session.streamId);
    const [mine, queues] = await Promise.all([
      this.ctx.api.request(`GET`, `/chat/${sid}/assists`),
      this.ctx.api.request(`GET`, `/chat/${sid}/assists/queues`),
    ]);
    this.groups = listOf(mine, 'agentWorkgroups', 'agentWorkgroup').map((w) => ({
      name: String(w.name ?? ''),
      available: w.available === true || w.available === 'true',
      chats: Number(w.chats ?? 0),
    })).filter((w) => w.name !== '');
    this.queues = queueRowsOf(queues);
    this.render();
  }

  refreshSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.load().catch((e: unknown) => this.ctx.fail(e)), DEBOUNCE_MS);
  }

  tick(now: number): void {
    for (const w of this.waitCells) w.cell.textContent = duration((now - w.since) / 1000);
  }

  private async toggle(g: AgentWorkgroup): Promise<void> {
    const path = `/chat/${seg(this.ctx.session.streamId)}/assists/${seg(g.name)}`;
    await this.ctx.api.request(g.available ? 'DELETE' : 'POST', path);
    await this.load();
  }

  private render(): void {
    const focusedSwitch = (document.activeElement as HTMLElement | null)?.dataset?.workgroup;
    this.waitCells.length = 0;
    this.body.replaceChildren();
    if (this.groups.length === 0) {
      this.body.append(h('p', { class: 'muted' }, say('noWorkgroups')));
      return;
    }
    const now = Date.now();
    for (const g of this.groups) {
      const sw = h('button', {
        type: 'button', role: 'switch', class: 'switch', 'aria-checked': g.available ? 'true' : 'false', 'data-workgroup': g.name,
      }, h('span', { class: 'switch-knob', 'aria-hidden': 'true' }), say('availableIn', { w: g.name }));
      sw.addEventListener('click', () => {
        sw.disabled = true;
        this.toggle(g).catch((e: unknown) => this.ctx.fail(e)).finally(() => {
          sw.disabled = false;
        });
      });
      const rows = this.queues.get(g.name);
      const queue = !g.available && rows === undefined
        ? h('p', { class: 'muted' }, say('queueNotShown'))
        : this.queueTable(g.name, rows ?? [], now);
      this.body.append(h('div', { class: 'workgroup', 'data-workgroup-card': g.name },
        h('h3', {}, g.name),
        h('div', { class: 'workgroup-state' }, sw, h('span', { class: 'muted' }, say('chatsCount', { n: g.chats }))),
        queue));
      if (focusedSwitch === g.name) sw.focus();
    }
  }

  private queueTable(name: string, rows: readonly QueueRow[], now: number): HTMLElement {
    if (rows.length === 0) return h('p', { class: 'muted queue-empty', 'data-queue': name }, say('queueEmpty'));
    const tbody = h('tbody', {});
    for (const r of rows) {
      const since = Number.isFinite(r.joinedAt) ? r.joinedAt : timeOf(now);
      const wait = h('td', {}, duration((now - since) / 1000));
      this.waitCells.push({ cell: wait, since });
      tbody.append(h('tr', { 'data-request': r.requestId },
        h('td', {}, String(r.position)), h('th', { scope: 'row' }, r.userId), wait, h('td', {}, r.question || this.questions.get(r.requestId) || '')));
    }
    return h('div', { class: 'table-scroll' }, h('table', { class: 'queue', 'data-queue': name },
      h('caption', {}, say('queueOf', { w: name })),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, say('colPosition')), h('th', { scope: 'col' }, say('colVisitor')),
        h('th', { scope: 'col' }, say('colWaiting')), h('th', { scope: 'col' }, say('colQuestion')))),
      tbody));
  }
}
