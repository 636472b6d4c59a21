/**
 * One support chat, the panel of its tab: the visitor's metadata (question, email, page,
 * workgroup), the messages (a log region), who is typing, the composer with canned replies,
 * and the chat's actions: transfer to an agent or a workgroup, invite a colleague, end the chat.
 * Rules: messages are shown as the room reflects them (the agent's own included), so what is
 * shown is what the visitor got; typing sends composing / paused / active to the room
 * (POST chat/{sid}/chatstate/{state}/{room JID}), best effort; once ended the composer and the
 * actions are disabled and the tab can be closed.
 */
import { h } from '../shared/element-builder.js';
import { seg } from './agent-api.js';
import type { OpenChat } from './agent-session.js';
import type { ConsoleContext } from './console-context.js';
import { listOf, TypingNotice, visitorName } from './console-model.js';
import { say } from './strings.js';

export interface CannedReply {
  readonly id: string;
  readonly title: string;
  readonly text: string;
}

const TYPING_SHOWN_MS = 30_000;

export class ChatPane {
  readonly panel: HTMLElement;
  readonly name: string;
  private readonly log: HTMLElement;
  /** The scrolling live region around the list (role=log on the list itself would hide its items from the list). */
  private readonly logRegion: HTMLElement;
  private readonly typingLine: HTMLElement;
  private readonly composer: HTMLTextAreaElement;
  private readonly controls: (HTMLButtonElement | HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement)[] = [];
  private readonly typing = new TypingNotice();
  private readonly typingTimer: ReturnType<typeof setInterval>;
  private typingClear: ReturnType<typeof setTimeout> | undefined;
  private readonly closeButton: HTMLButtonElement;
  private readonly seenNicks = new Set<string>();
  private readonly fromTranscript = new Set<string>();
  private isEnded = false;

  constructor(private readonly ctx: ConsoleContext, readonly chat: OpenChat, onClose: () => void) {
    this.name = visitorName(chat.metadata, chat.userId);
    const id = `chat-${chat.requestId}`;
    this.log = h('ol', { class: 'messages' });
    this.logRegion = h('div', { class: 'message-log', role: 'log', 'aria-live': 'polite', 'aria-label': say('messagesLabel', { v: this.name }), tabindex: '0' }, this.log);
    this.typingLine = h('p', { class: 'typing', 'aria-live': 'polite' });
    this.composer = h('textarea', { id: `${id}-composer`, rows: '3', class: 'composer' });
    const send = h('button', { type: 'submit', class: 'primary' }, say('send'));
    const canned = h('select', { id: `${id}-canned`, class: 'canned' }, h('option', { value: '' }, say('cannedNone')));
    const form = h('form', { class: 'compose' },
      h('label', { for: `${id}-composer` }, say('messageLabel')), this.composer,
      h('div', { class: 'compose-row' },
        h('label', { for: `${id}-canned`, class: 'visually-hidden' }, say('cannedLabel')), canned, send));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.send();
    });
    this.composer.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey) {
        e.preventDefault();
        void this.send();
      }
    });
    this.composer.addEventListener('input', () => this.chatState(this.typing.input(Date.now())));
    this.typingTimer = setInterval(() => this.chatState(this.typing.tick(Date.now())), 1000);
    canned.addEventListener('change', () => {
      const text = canned.value;
      if (text) {
        this.composer.value = this.composer.value ? `${this.composer.value} ${text}` : text;
        canned.value = '';
        this.composer.focus();
      }
    });
    void this.loadCanned(canned);

    const m = chat.metadata;
    const meta = h('dl', { class: 'meta' },
      h('dt', {}, say('metaWorkgroup')), h('dd', {}, chat.workgroup),
      h('dt', {}, say('metaQuestion')), h('dd', {}, m.question ?? ''),
      h('dt', {}, say('metaEmail')), h('dd', {}, m.email ?? ''),
      m.page || m.url ? h('dt', {}, say('metaPage')) : null,
      m.page || m.url ? h('dd', {}, m.page ?? m.url ?? '') : null);

    const endButton = h('button', { type: 'button', class: 'danger' }, say('endChat'));
    endButton.addEventListener('click', () => void this.end());
    this.controls.push(this.composer, send, canned, endButton);
    this.closeButton = h('button', { type: 'button', disabled: true }, say('closeTab', { v: this.name }));
    this.closeButton.addEventListener('click', onClose);

    this.panel = h('section', { class: 'chat', role: 'tabpanel', id: `${id}-panel`, 'aria-labelledby': `${id}-tab`, 'data-chat': chat.requestId, tabindex: '-1' },
      h('div', { class: 'chat-main' }, this.logRegion, this.typingLine, form),
      h('aside', { class: 'chat-side', 'aria-label': say('metaTitle') },
        h('h3', {}, say('metaTitle')), meta,
        this.transferForm(id), this.inviteForm(id),
        h('div', { class: 'actions' }, endButton, this.closeButton)));
  }

  get ended(): boolean {
    return this.isEnded;
  }

  focusComposer(): void {
    (this.isEnded ? this.panel : this.composer).focus();
  }

  /** Messages of the chat so far (its transcript, after a reload); the same ones arriving live are not shown twice. */
  transcript(lines: readonly { nick: string; body: string; at: number }[]): void {
    for (const l of lines) {
      this.message(l.nick, l.body, l.at);
      this.fromTranscript.add(`${l.nick}\u0000${l.body}`);
    }
  }

  /** A message the room reflected. */
  message(nick: string, body: string, when = Date.now()): void {
    const at = Number.isFinite(when) ? when : Date.now();
    if (this.fromTranscript.delete(`${this.display(nick)}\u0000${body}`)) return;
    this.showTyping(nick, 'active');
    const mine = nick === this.ctx.session.username;
    const who = mine ? say('you') : this.display(nick);
    this.log.append(h('li', { class: mine ? 'mine' : 'theirs' },
      h('span', { class: 'who' }, who), ' ',
      h('time', { datetime: new Date(at).toISOString() }, new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })),
      h('p', { class: 'body' }, body)));
    this.logRegion.scrollTop = this.logRegion.scrollHeight;
  }

  /** A chat state from someone in the room. */
  showTyping(nick: string, state: string): void {
    if (nick === this.ctx.session.username) return;
    clearTimeout(this.typingClear);
    if (state === 'composing') {
      this.typingLine.textContent = say('typing', { v: this.display(nick) });
      this.typingClear = setTimeout(() => {
        this.typingLine.textContent = '';
      }, TYPING_SHOWN_MS);
    } else {
      this.typingLine.textContent = '';
    }
  }

  /** Someone's presence in the room (available or unavailable). */
  presence(nick: string, available: boolean): void {
    if (nick === '' || nick === this.ctx.session.username) return;
    if (available && !this.seenNicks.has(nick)) {
      this.seenNicks.add(nick);
      this.notice(say('joined', { v: this.display(nick) }));
    } else if (!available && this.seenNicks.delete(nick)) {
      this.showTyping(nick, 'gone');
      this.notice(say('left', { v: this.display(nick) }));
    }
  }

  notice(text: string): void {
    this.log.append(h('li', { class: 'notice' }, text));
  }

  /** The chat is over (ended here, by the visitor, or after a transfer). */
  markEnded(text = say('chatEnded')): void {
    if (this.isEnded) return;
    this.isEnded = true;
    clearInterval(this.typingTimer);
    this.typingLine.textContent = '';
    this.notice(text);
    for (const c of this.controls) c.disabled = true;
    this.closeButton.disabled = false;
    this.ctx.announce(`${this.name}: ${text}`);
  }

  dispose(): void {
    clearInterval(this.typingTimer);
    clearTimeout(this.typingClear);
  }

  /** The visitor's room nick (its account name) shown as the visitor's name; others as they are. */
  private display(nick: string): string {
    return nick !== '' && nick === this.chat.visitor ? this.name : nick;
  }

  private base(): string {
    return `/chat/${seg(this.ctx.session.streamId)}`;
  }

  private chatAction(action: string): string {
    return `${this.base()}/assists/${seg(this.chat.workgroup)}/chats/${seg(this.chat.requestId)}${action}`;
  }

  private chatState(state: string | undefined): void {
    if (!state || this.isEnded) return;
    this.ctx.api.request('POST', `${this.base()}/chatstate/${state}/${seg(this.chat.room)}`).catch(() => undefined);
  }

  private async send(): Promise<void> {
    const text = this.composer.value.trim();
    if (text === '' || this.isEnded) return;
    try {
      await this.ctx.api.request('POST', `${this.base()}/rooms/${seg(this.chat.requestId)}`, { text });
      this.composer.value = '';
      this.chatState(this.typing.sent());
    } catch (e) {
      this.ctx.fail(e);
    }
  }

  private async end(): Promise<void> {
    try {
      await this.ctx.api.request('DELETE', this.chatAction(''));
      this.markEnded();
      this.closeButton.focus();
    } catch (e) {
      this.ctx.fail(e);
    }
  }

  private async loadCanned(select: HTMLSelectElement): Promise<void> {
    try {
      const answer = await this.ctx.api.request('GET', `/workgroups/${seg(this.chat.workgroup)}/canned`);
      for (const c of listOf<CannedReply>(answer, 'canned')) select.append(h('option', { value: c.text }, c.title));
    } catch {
      // no canned replies (or the route refused): the select keeps its placeholder only
    }
  }

  private transferForm(id: string): HTMLElement {
    const kind = h('select', { id: `${id}-transfer-kind` },
      h('option', { value: 'agent' }, say('transferAgent')), h('option', { value: 'workgroup' }, say('transferWorkgroup')));
    const target = h('input', { id: `${id}-transfer-to`, required: true, autocomplete: 'off' });
    const button = h('button', { type: 'submit' }, say('transfer'));
    this.controls.push(kind, target, button);
    const form = h('form', { class: 'side-form', 'aria-labelledby': `${id}-transfer-title` },
      h('h4', { id: `${id}-transfer-title` }, say('transferTitle')),
      h('label', { for: `${id}-transfer-kind` }, say('transferKind')), kind,
      h('label', { for: `${id}-transfer-to` }, say('transferTo')), target, button);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const to = target.value.trim();
      if (to === '') return;
      this.ctx.api.request('POST', this.chatAction('/transfer'), { json: { [kind.value]: to } }).then(() => {
        target.value = '';
        this.notice(say('transferred', { t: to }));
        this.ctx.announce(say('transferred', { t: to }));
      }, (err: unknown) => this.ctx.fail(err));
    });
    return form;
  }

  private inviteForm(id: string): HTMLElement {
    const agent = h('input', { id: `${id}-invite`, required: true, autocomplete: 'off' });
    const button = h('button', { type: 'submit' }, say('invite'));
    this.controls.push(agent, button);
    const form = h('form', { class: 'side-form', 'aria-labelledby': `${id}-invite-title` },
      h('h4', { id: `${id}-invite-title` }, say('inviteTitle')),
      h('label', { for: `${id}-invite` }, say('inviteAgent')), agent, button);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const who = agent.value.trim();
      if (who === '') return;
      this.ctx.api.request('POST', this.chatAction('/invite'), { json: { agent: who } }).then(() => {
        agent.value = '';
        this.notice(say('invited', { a: who }));
      }, (err: unknown) => this.ctx.fail(err));
    });
    return form;
  }
}
