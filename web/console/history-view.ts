/**
 * The agent's past chats (GET workgroups/{workgroup}/chats?q=), searchable, newest first, over
 * one workgroup or all of the agent's; a chat's transcript (GET …/chats/{requestId}) opens below
 * the list. Rules: the search runs on submit (no request per key); results of several
 * workgroups are merged by `queuedAt`; text from visitors is only ever set as text.
 */
import { h } from '../shared/element-builder.js';
import { seg } from './agent-api.js';
import type { ConsoleContext } from './console-context.js';
import { listOf, timeOf } from './console-model.js';
import { say } from './strings.js';

export interface ChatRecord {
  readonly requestId: string;
  readonly workgroup: string;
  readonly userID?: string;
  readonly nickname?: string;
  readonly email?: string;
  readonly question?: string;
  readonly agent?: string;
  readonly queuedAt?: number | string;
  readonly endedAt?: number | string;
  readonly rating?: number;
  readonly comment?: string;
}

interface TranscriptLine {
  readonly nick?: string;
  readonly from?: string;
  readonly body?: string;
  readonly at?: number | string;
}

const LIMIT = '50';

export class HistoryView {
  readonly el: HTMLElement;
  private readonly query: HTMLInputElement;
  private readonly group: HTMLSelectElement;
  private readonly results: HTMLElement;
  private readonly transcript: HTMLElement;

  constructor(private readonly ctx: ConsoleContext, private readonly workgroups: () => string[]) {
    this.query = h('input', { id: 'history-q', type: 'search', name: 'q' });
    this.group = h('select', { id: 'history-wg' });
    this.results = h('div', { class: 'history-results', 'aria-live': 'polite' });
    this.transcript = h('div', { class: 'transcript', hidden: true });
    const form = h('form', { class: 'search', role: 'search' },
      h('label', { for: 'history-q' }, say('historySearch')), this.query,
      h('label', { for: 'history-wg' }, say('historyWorkgroup')), this.group,
      h('button', { type: 'submit', class: 'primary' }, say('search')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.search().catch((err: unknown) => this.ctx.fail(err));
    });
    this.el = h('section', { class: 'panel', 'aria-labelledby': 'history-title', id: 'history' },
      h('h2', { id: 'history-title', tabindex: '-1' }, say('historyTitle')), form, this.results, this.transcript);
  }

  /** Fills the workgroup choice and runs the search (when the section is shown). */
  async show(): Promise<void> {
    const chosen = this.group.value;
    this.group.replaceChildren(h('option', { value: '' }, say('allWorkgroups')), ...this.workgroups().map((w) => h('option', { value: w }, w)));
    this.group.value = this.workgroups().includes(chosen) ? chosen : '';
    await this.search();
  }

  async search(): Promise<void> {
    const groups = this.group.value ? [this.group.value] : this.workgroups();
    const q = this.query.value.trim();
    const answers = await Promise.all(groups.map((w) => this.ctx.api.request('GET', `/workgroups/${seg(w)}/chats`, { query: { ...(q ? { q } : {}), limit: LIMIT } })));
    const records = answers.flatMap((a) => listOf<ChatRecord>(a, 'chats'));
    records.sort((a, b) => (timeOf(b.queuedAt) || 0) - (timeOf(a.queuedAt) || 0));
    this.render(records);
  }

  private render(records: readonly ChatRecord[]): void {
    if (records.length === 0) {
      this.results.replaceChildren(h('p', { class: 'muted' }, say('historyEmpty')));
      return;
    }
    const tbody = h('tbody', {});
    for (const r of records) {
      const who = r.nickname || r.userID || r.email || r.requestId;
      const show = h('button', { type: 'button' }, say('showTranscript'));
      show.setAttribute('aria-label', `${say('showTranscript')}: ${who}`);
      show.addEventListener('click', () => this.openTranscript(r, who).catch((err: unknown) => this.ctx.fail(err)));
      const when = timeOf(r.queuedAt);
      tbody.append(h('tr', { 'data-history': r.requestId },
        h('td', {}, Number.isFinite(when) ? new Date(when).toLocaleString() : ''),
        h('th', { scope: 'row' }, who),
        h('td', {}, r.question ?? ''),
        h('td', {}, r.agent ?? ''),
        h('td', {}, r.rating !== undefined ? `${r.rating}/5${r.comment ? ` – ${r.comment}` : ''}` : ''),
        h('td', {}, show)));
    }
    this.results.replaceChildren(h('table', { class: 'history' },
      h('caption', { class: 'visually-hidden' }, say('historyTitle')),
      h('thead', {}, h('tr', {}, ...(['colWhen', 'colVisitor', 'colQuestion', 'colAgent', 'colRating', 'colTranscript'] as const).map((k) => h('th', { scope: 'col' }, say(k))))),
      tbody));
  }

  private async openTranscript(r: ChatRecord, who: string): Promise<void> {
    const answer = await this.ctx.api.request('GET', `/workgroups/${seg(r.workgroup)}/chats/${seg(r.requestId)}`);
    const lines = listOf<TranscriptLine>(answer, 'messages');
    const close = h('button', { type: 'button' }, say('closeTranscript'));
    const heading = h('h3', { id: 'transcript-title', tabindex: '-1' }, say('transcriptOf', { v: who }));
    close.addEventListener('click', () => {
      this.transcript.hidden = true;
      this.transcript.replaceChildren();
      this.results.querySelector<HTMLButtonElement>(`tr[data-history="${CSS.escape(r.requestId)}"] button`)?.focus();
    });
    this.transcript.replaceChildren(heading,
      h('ol', { class: 'messages', 'aria-labelledby': 'transcript-title' }, ...lines.map((l) => {
        const at = timeOf(l.at);
        return h('li', {}, h('span', { class: 'who' }, l.nick || l.from || ''), ' ',
          Number.isFinite(at) ? h('time', { datetime: new Date(at).toISOString() }, new Date(at).toLocaleTimeString()) : null,
          h('p', { class: 'body' }, l.body ?? ''));
      })),
      close);
    this.transcript.hidden = false;
    heading.focus();
  }
}
