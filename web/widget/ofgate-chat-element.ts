/**
 * `<ofgate-chat workgroup="support" [lang|data-lang="de"] [server="https://ofgate.example"]>`:
 * the visitor widget. A launcher button opens a panel that walks one request through ofgate's
 * public API: GET workgroups/{wg} (status and forms), POST ask?wait=false (the visitor token),
 * GET /sse/{userID}?token= (queue position, the agent's offer, the room's messages and typing),
 * POST|PUT ask/{userId} (enter the room, say), PUT ask/{userId}/chatstate/{state},
 * DELETE ask/{userId} (end), POST ask/{userId}/rating, GET ask/{userId}/transcript, and
 * POST workgroups/{wg}/messages when nobody can chat.
 * Rules: everything lives in an open shadow root (the host page's CSS and the widget's do not
 * meet); no global but the element; no cookies (the token travels as a bearer header or the
 * SSE query); the session is in sessionStorage so a reload resumes it (the stream replays from
 * the last event id kept); Escape closes the panel and focus returns to the launcher.
 */
import { ApiError, createApiClient, seg, type ApiClient } from '../shared/api-client.js';
import { h } from '../shared/element-builder.js';
import { openEventStream, type EventStreamHandle } from '../shared/event-stream.js';
import { applyEvent, newSession, transcriptText, type VisitorSession } from './chat-state.js';
import { hiddenTabNotice, type HiddenTabNotice } from './hidden-tab-notice.js';
import { pickLang } from './strings.js';
import { sessionKeeper, type SessionKeeper } from './visitor-session.js';
import { WIDGET_CSS } from './widget-styles.js';
import { chatView, formView, lineView, queueView, ratingView, statusView, translator, type ChatViewParts, type T } from './widget-views.js';
import { askBodyOf, offlineOnly, readWorkgroupState, type WorkgroupState } from './workgroup-state.js';

/** The ofgate server the script came from (set by the entry point), used without a `server` attribute. */
let defaultServer = '';
export function setDefaultServer(server: string): void {
  defaultServer = server;
}

const TYPING_PAUSE_MS = 3000;
const JOIN_TRIES = 5;

function randomUserId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export class OfgateChatElement extends HTMLElement {
  private root!: ShadowRoot;
  private t!: T;
  private api!: ApiClient;
  private keeper!: SessionKeeper;
  private workgroup = '';
  private launcher!: HTMLButtonElement;
  private panel!: HTMLElement;
  private title_!: HTMLHeadingElement;
  private body!: HTMLElement;
  private session: VisitorSession | undefined;
  private state: WorkgroupState | undefined;
  private events: EventStreamHandle | undefined;
  private chat: ChatViewParts | undefined;
  private shownLines = 0;
  private renderedStage = '';
  private notice: HiddenTabNotice | undefined;
  private composing = false;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private offlineSent = false;

  connectedCallback(): void {
    if (this.root) return;
    this.workgroup = (this.getAttribute('workgroup') ?? this.dataset.workgroup ?? '').trim().toLowerCase();
    const lang = pickLang(this.dataset.lang ?? this.getAttribute('lang') ?? document.documentElement.lang);
    this.t = translator(lang);
    const server = (this.getAttribute('server') ?? this.dataset.server ?? defaultServer ?? '').replace(/\/+$/, '') || location.origin;
    this.api = createApiClient(server, () => this.session?.token);
    this.keeper = sessionKeeper(server, this.workgroup);
    this.root = this.attachShadow({ mode: 'open' });
    this.root.append(h('style', {}, WIDGET_CSS));

    const t = this.t;
    this.title_ = h('h2', { id: 'ofgate-title' }, this.dataset.title ?? t('panelTitle'));
    this.body = h('div', { class: 'body' });
    this.panel = h('section', { class: 'panel', id: 'ofgate-panel', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': 'ofgate-title', hidden: true, lang },
      h('div', { class: 'head' }, this.title_, h('button', { class: 'icon', type: 'button', 'aria-label': t('close'), onclick: () => this.close() }, '×')),
      this.body);
    this.panel.addEventListener('keydown', (e) => {
      if ((e as KeyboardEvent).key === 'Escape') this.close();
    });
    this.launcher = h('button', { class: 'launcher', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'ofgate-panel', lang, onclick: () => (this.panel.hidden ? this.open() : this.close()) },
      t('launcher'));
    this.root.append(this.panel, this.launcher);

    this.session = this.keeper.load();
    if (this.session && this.session.stage !== 'ended') void this.resume();
    if (this.keeper.loadOpen()) this.open(false);
  }

  disconnectedCallback(): void {
    this.events?.close();
    this.events = undefined;
    this.notice?.dispose();
  }

  /** Opens the panel (focus into it unless resuming after a reload). */
  open(focus = true): void {
    this.panel.hidden = false;
    this.launcher.setAttribute('aria-expanded', 'true');
    this.keeper.saveOpen(true);
    void this.render().then(() => {
      if (focus) this.focusFirst();
    });
  }

  close(): void {
    this.panel.hidden = true;
    this.launcher.setAttribute('aria-expanded', 'false');
    this.keeper.saveOpen(false);
    this.launcher.focus();
  }

  private focusFirst(): void {
    const el = this.body.querySelector<HTMLElement>('input, textarea, button');
    el?.focus();
  }

  private showError(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    const p = h('p', { class: 'error', role: 'alert' }, this.t('error', { m: message }));
    this.body.querySelector('.error.global')?.remove();
    p.classList.add('global');
    this.body.prepend(p);
  }

  private setSession(s: VisitorSession | undefined): void {
    this.session = s;
    if (s) this.keeper.save(s);
    else this.keeper.clear();
  }

  // ------------------------------------------------------------------ views

  private async render(): Promise<void> {
    if (this.panel.hidden) return;
    const s = this.session;
    const stage = s ? s.stage : this.offlineSent ? 'offline-sent' : 'form';
    if (stage === this.renderedStage && stage !== 'form') {
      this.refresh();
      return;
    }
    this.renderedStage = stage;
    this.chat = undefined;
    const t = this.t;
    if (!s) {
      if (this.offlineSent) {
        this.body.replaceChildren(h('p', { class: 'status', role: 'status' }, t('offlineSent')));
        return;
      }
      this.body.replaceChildren(h('p', { class: 'status', role: 'status' }, t('loading')));
      const state = await this.loadState();
      if (this.session || this.renderedStage !== 'form') return;
      if (state.title) this.title_.textContent = state.title;
      if (offlineOnly(state)) this.body.replaceChildren(statusView(t, state), ...this.offlineForm(state));
      else this.body.replaceChildren(statusView(t, state), formView(t, 'ofgate-ask', state.form, t('start'), (v, f) => void this.ask(v, f)));
      return;
    }
    if (s.stage === 'queued') {
      this.body.replaceChildren(queueView(t, s.position, s.estimatedWait, () => void this.end()));
    } else if (s.stage === 'chat') {
      this.chat = chatView(t, s.transcript, { send: (x) => void this.say(x), input: () => this.typed(), end: () => void this.end() });
      this.shownLines = s.transcript.length;
      this.body.replaceChildren(this.chat.root);
      this.chat.log.scrollTop = this.chat.log.scrollHeight;
    } else {
      this.body.replaceChildren(...this.endedView(s));
    }
  }

  /** Updates the current view in place (new lines, new position). */
  private refresh(): void {
    const s = this.session;
    if (!s) return;
    if (s.stage === 'queued') {
      this.body.replaceChildren(queueView(this.t, s.position, s.estimatedWait, () => void this.end()));
    } else if (s.stage === 'chat' && this.chat) {
      for (const l of s.transcript.slice(this.shownLines)) this.chat.log.append(lineView(this.t, l));
      this.shownLines = s.transcript.length;
      this.chat.log.scrollTop = this.chat.log.scrollHeight;
    }
  }

  private endedView(s: VisitorSession): HTMLElement[] {
    const t = this.t;
    const out: HTMLElement[] = [h('p', { class: 'status', role: 'status' }, s.endReason ? t('departed', { r: s.endReason }) : t('ended'))];
    if (s.transcript.some((l) => l.who !== 'system')) {
      out.push(s.rated ? h('p', { class: 'status', role: 'status' }, t('rated')) : ratingView(t, (r, c) => void this.rate(r, c)));
      out.push(h('button', { class: 'secondary transcript', type: 'button', onclick: () => void this.downloadTranscript() }, t('transcript')));
    }
    out.push(h('button', { class: 'secondary new-chat', type: 'button', onclick: () => this.newChat() }, t('newChat')));
    return [h('div', { class: 'ended' }, ...out)];
  }

  private offlineForm(state: WorkgroupState): HTMLElement[] {
    const t = this.t;
    return [
      h('h3', {}, t('offlineTitle')),
      h('p', { class: 'status' }, t('offlineIntro')),
      formView(t, 'ofgate-offline', state.offlineForm, t('offlineSend'), (v, f) => void this.leaveMessage(v, f)),
    ];
  }

  // ------------------------------------------------------------------ API

  private async loadState(): Promise<WorkgroupState> {
    try {
      this.state = readWorkgroupState(await this.api.request('GET', `/workgroups/${seg(this.workgroup)}`));
    } catch {
      this.state = readWorkgroupState(undefined);
    }
    return this.state;
  }

  private async ask(values: Record<string, string>, form: HTMLFormElement): Promise<void> {
    const submit = form.querySelector('button[type=submit]') as HTMLButtonElement | null;
    if (submit) submit.disabled = true;
    const userID = randomUserId();
    try {
      const r = await this.api.request<Record<string, unknown>>('POST', '/ask', { query: { wait: 'false' }, json: { ...askBodyOf(values), workgroup: this.workgroup, userID } });
      if (!r || typeof r.token !== 'string') throw new Error('no visitor token in the answer');
      this.setSession(newSession({ userId: userID, token: r.token, requestId: String(r.requestId ?? ''), workgroup: this.workgroup, position: Number(r.position) || 0, estimatedWait: Number(r.estimatedWait) || 0 }));
      this.connect();
      await this.render();
      this.focusFirst();
    } catch (err) {
      if (submit) submit.disabled = false;
      if (err instanceof ApiError && err.status === 400 && /offline|no agent/i.test(err.message)) {
        const state = { ...(this.state ?? readWorkgroupState(undefined)), open: false };
        this.body.replaceChildren(statusView(this.t, state), ...this.offlineForm(state));
        return;
      }
      this.showError(err);
    }
  }

  private async leaveMessage(values: Record<string, string>, form: HTMLFormElement): Promise<void> {
    const submit = form.querySelector('button[type=submit]') as HTMLButtonElement | null;
    if (submit) submit.disabled = true;
    try {
      await this.api.request('POST', `/workgroups/${seg(this.workgroup)}/messages`, { json: values });
      this.offlineSent = true;
      this.renderedStage = '';
      await this.render();
    } catch (err) {
      if (submit) submit.disabled = false;
      this.showError(err);
    }
  }

  /** After a reload: where the request stands, then the stream from the last event kept. */
  private async resume(): Promise<void> {
    const s = this.session;
    if (!s) return;
    try {
      const r = await this.api.request<Record<string, unknown>>('GET', `/ask/${seg(s.userId)}`);
      if (r && s.stage === 'queued' && r.inQueue === true) this.setSession({ ...s, position: Number(r.position ?? r.queuePosition) || s.position, estimatedWait: Number(r.estimatedWait ?? r.queueRemainingTime) || s.estimatedWait });
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 404)) {
        this.onEvent('chatapi.ask', { type: 'chat-ended' }, '');
        return;
      }
    }
    this.connect();
    void this.render();
  }

  private connect(): void {
    const s = this.session;
    if (!s || this.events) return;
    this.events = openEventStream({
      url: `${this.api.server}/sse/${seg(s.userId)}?token=${encodeURIComponent(s.token)}`,
      lastEventId: s.lastEventId || '0-0',
      names: ['chatapi.ask', 'chatapi.muc'],
      onEvent: (name, data, id) => this.onEvent(name, data, id),
      onClosed: () => {
        this.events = undefined;
        if (this.session && this.session.stage !== 'ended') void this.resume();
      },
    });
  }

  private onEvent(name: string, data: Record<string, unknown>, id: string): void {
    if (!this.session) return;
    const { session, effects } = applyEvent(this.session, name, data, id, Date.now());
    this.setSession(session);
    if (effects.typing !== undefined && this.chat) this.chat.typing.textContent = effects.typing ? this.t('agentTyping', { a: effects.typing }) : '';
    if (effects.agentMessage) {
      this.notice ??= hiddenTabNotice();
      this.notice.notify(this.t('newMessageTitle'));
    }
    if (effects.ended) {
      this.events?.close();
      this.events = undefined;
    }
    if (effects.joinRoom) void this.joinRoom();
    void this.render();
  }

  private async joinRoom(tries = JOIN_TRIES): Promise<void> {
    const s = this.session;
    if (!s) return;
    try {
      await this.api.request('POST', `/ask/${seg(s.userId)}`);
    } catch (err) {
      // the room may not be ready yet right after the offer: try again shortly
      if (tries > 1 && err instanceof ApiError && err.status === 400) {
        await new Promise((r) => setTimeout(r, 500));
        return this.joinRoom(tries - 1);
      }
      this.showError(err);
    }
  }

  private async say(text: string): Promise<void> {
    const s = this.session;
    if (!s) return;
    clearTimeout(this.typingTimer);
    this.composing = false;
    try {
      await this.api.request('PUT', `/ask/${seg(s.userId)}`, { text });
    } catch (err) {
      this.showError(err);
      if (this.chat) this.chat.input.value = text;
    }
  }

  /** The visitor typed: composing now, paused after TYPING_PAUSE_MS without a key. */
  private typed(): void {
    const s = this.session;
    if (!s || s.stage !== 'chat') return;
    const state = (st: string): void => {
      this.api.request('PUT', `/ask/${seg(s.userId)}/chatstate/${st}`).catch(() => undefined);
    };
    if (!this.composing) {
      this.composing = true;
      state('composing');
    }
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => {
      this.composing = false;
      state('paused');
    }, TYPING_PAUSE_MS);
  }

  private async end(): Promise<void> {
    const s = this.session;
    if (!s) return;
    try {
      await this.api.request('DELETE', `/ask/${seg(s.userId)}`);
    } catch (err) {
      if (!(err instanceof ApiError && (err.status === 404 || err.status === 401))) {
        this.showError(err);
        return;
      }
    }
    const departed = s.stage === 'queued';
    this.onEvent('chatapi.ask', { type: 'chat-ended' }, '');
    if (departed) this.newChat();
  }

  private async rate(rating: number, comment: string): Promise<void> {
    const s = this.session;
    if (!s) return;
    try {
      await this.api.request('POST', `/ask/${seg(s.userId)}/rating`, { json: comment ? { rating, comment } : { rating } });
      this.setSession({ ...s, rated: true });
      this.renderedStage = '';
      await this.render();
    } catch (err) {
      this.showError(err);
    }
  }

  private async downloadTranscript(): Promise<void> {
    const s = this.session;
    if (!s) return;
    let text: string | undefined;
    try {
      text = await this.api.request<string>('GET', `/ask/${seg(s.userId)}/transcript`, { query: { format: 'text' }, asText: true });
    } catch {
      // the request is gone or the server has no transcript route: the one kept here
    }
    text ??= transcriptText(s.transcript, { you: this.t('you'), agent: this.t('agent') });
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const a = h('a', { href: url, download: `chat-${s.requestId || s.userId}.txt`, hidden: true });
    this.root.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  private newChat(): void {
    this.events?.close();
    this.events = undefined;
    this.setSession(undefined);
    this.offlineSent = false;
    this.renderedStage = '';
    void this.render().then(() => this.focusFirst());
  }
}
