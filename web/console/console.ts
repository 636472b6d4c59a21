/**
 * The agent console's entry (GET /console/): sign-in, then the desk (offers, workgroups with
 * their queues, chats in tabs), the offline messages, the history and, for admins, the
 * administration; wired to the agent's SSE stream. Uses only the public API (docs/pages.md).
 * Rules: state lives on the server; the page keeps only the session (sessionStorage) and what it
 * shows; every event is routed by its payload (offers by request id, room events by room name);
 * a lost chat stream (404) is opened again with a new login, lost credentials (401) end the
 * session; one timer (1 s) drives the countdowns and waiting times.
 */
import { h } from '../shared/element-builder.js';
import { createAgentApi, seg } from './agent-api.js';
import { openAgentEvents, type AgentEventsHandle, type StreamState } from './agent-events.js';
import { type AgentSession, clearSession, loadSession, resume, saveSession, signOut } from './agent-session.js';
import { AdminView } from './admin-view.js';
import { ChatTabs } from './chat-tabs.js';
import { type ConsoleContext, messageOf } from './console-context.js';
import { listOf, type Offer, offerOf, roomAddress, roomEventOf, secondsLeft, timeOf, visitorName } from './console-model.js';
import { HistoryView } from './history-view.js';
import { alertOffer } from './offer-alert.js';
import { OfflineMessagesView } from './offline-messages-view.js';
import { OffersView } from './offers-view.js';
import { signInView } from './sign-in-view.js';
import { say } from './strings.js';
import { WorkgroupsView } from './workgroups-view.js';

const root = (): HTMLElement => document.getElementById('app') ?? document.body;

function showSignIn(notice?: string): void {
  root().replaceChildren(signInView(startConsole, notice));
  document.getElementById('signin-user')?.focus();
}

type Section = 'desk' | 'offline' | 'history' | 'admin';

function startConsole(session: AgentSession): void {
  const status = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  const alertLine = h('p', { class: 'error', role: 'alert' });
  let alertTimer: ReturnType<typeof setTimeout> | undefined;
  let events: AgentEventsHandle | undefined;
  let stopped = false;

  const stop = (): void => {
    stopped = true;
    events?.close();
    clearInterval(ticker);
  };
  const endSession = (notice: string): void => {
    if (stopped) return;
    stop();
    clearSession();
    showSignIn(notice);
  };

  const api = createAgentApi(() => session.authorization, () => endSession(say('sessionLost')));
  const ctx: ConsoleContext = {
    api,
    session,
    save: () => saveSession(session),
    announce: (text) => {
      status.textContent = '';
      status.textContent = text;
    },
    fail: (err) => {
      clearTimeout(alertTimer);
      alertLine.textContent = say('errorPrefix', { m: messageOf(err) });
      alertTimer = setTimeout(() => {
        alertLine.textContent = '';
      }, 10_000);
    },
  };

  const workgroups = new WorkgroupsView(ctx);
  const tabs = new ChatTabs(ctx);
  const offline = new OfflineMessagesView(ctx, () => workgroups.names());
  const history = new HistoryView(ctx, () => workgroups.names());
  const admin = new AdminView(ctx);

  const sid = (): string => seg(session.streamId);

  const accept = async (offer: Offer): Promise<void> => {
    try {
      await api.request('POST', `/chat/${sid()}/offer/${seg(offer.id)}`);
    } catch (e) {
      offers.remove(offer.id);
      ctx.fail(e);
      return;
    }
    offers.remove(offer.id);
    // the tab first: the room's history and first messages arrive while the join is under way
    tabs.open({ requestId: offer.id, workgroup: offer.workgroup, userId: offer.userId, visitor: offer.visitor, room: offer.room, metadata: offer.metadata });
    try {
      await api.request('PUT', `/chat/${sid()}/rooms/${seg(offer.id)}`);
    } catch (e) {
      ctx.fail(e);
    }
    workgroups.refreshSoon();
  };
  const reject = async (offer: Offer): Promise<void> => {
    try {
      await api.request('DELETE', `/chat/${sid()}/offer/${seg(offer.id)}`);
    } catch (e) {
      ctx.fail(e);
    }
    offers.remove(offer.id);
    workgroups.refreshSoon();
  };
  const offers = new OffersView({ accept, reject });

  const onAssist = (p: Record<string, unknown>): void => {
    const id = typeof p.id === 'string' ? p.id : '';
    switch (p.type) {
      case 'offerReceived': {
        const offer = offerOf(p);
        if (!offer || (Number.isFinite(offer.expiresAt) && secondsLeft(offer.expiresAt, Date.now()) <= 0) || tabs.get(offer.id)) break;
        const isNew = !offers.has(offer.id);
        offers.add(offer, Date.now());
        if (offer.metadata.question) workgroups.knowQuestion(offer.id, offer.metadata.question);
        if (isNew) {
          alertOffer(offer);
          ctx.announce(say(offer.transfer ? 'transferFrom' : 'offerFrom', { v: visitorName(offer.metadata, offer.userId), w: offer.workgroup }));
        }
        break;
      }
      case 'offerRevoked':
        offers.remove(id);
        break;
      case 'chatEnded':
        tabs.get(id)?.markEnded();
        break;
      case 'transferOutcome':
        tabs.get(id)?.notice(say('transferOutcome', { t: String(p.to ?? ''), o: String(p.outcome ?? '') }));
        break;
      default:
        return;
    }
    workgroups.refreshSoon();
  };

  const onEvent = (name: string, p: Record<string, unknown>, id: string): void => {
    if (id) {
      session.lastEventId = id;
      ctx.save();
    }
    if (name === 'chatapi.assist') onAssist(p);
    else if (name === 'chatapi.ask' && typeof p.type === 'string' && p.type.startsWith('notify-queue')) workgroups.refreshSoon();
    else if (name === 'chatapi.muc') {
      const ev = roomEventOf(p);
      const pane = ev && tabs.get(ev.room);
      if (!ev || !pane) return;
      if (ev.kind === 'message') pane.message(ev.nick, ev.body);
      else pane.showTyping(ev.nick, ev.state);
    } else if (name === 'chatapi.presence' && typeof p.from === 'string') {
      const { room, nick } = roomAddress(p.from);
      tabs.get(room)?.presence(nick, p.show !== 'unavailable');
    }
  };

  const connection = h('span', { class: 'connection', 'data-state': 'retrying' }, say('connectionRetrying'));
  const onState = (state: StreamState, code?: number): void => {
    connection.dataset.state = state;
    connection.textContent = say(state === 'open' ? 'connectionLive' : 'connectionRetrying');
    if (state !== 'closed' || stopped) return;
    if (code === 404) {
      // the chat stream is gone (a restart, a logoff elsewhere): open it again
      resume(session).then(openEvents, () => endSession(say('sessionLost')));
    } else {
      endSession(say('sessionLost'));
    }
  };
  const openEvents = (): void => {
    events?.close();
    events = openAgentEvents({ username: session.username, authorization: session.authorization, lastEventId: session.lastEventId, onEvent, onState });
  };

  // ---- the page
  const presence = h('select', { id: 'presence' },
    h('option', { value: 'available' }, say('presenceAvailable')),
    h('option', { value: 'away' }, say('presenceAway')),
    h('option', { value: 'dnd' }, say('presenceDnd')));
  presence.addEventListener('change', () => {
    api.request('POST', `/chat/${sid()}/presence`, { query: { show: presence.value } }).then(() => workgroups.refreshSoon(), (e: unknown) => ctx.fail(e));
  });
  const signOutButton = h('button', { type: 'button' }, say('signOut'));
  signOutButton.addEventListener('click', () => {
    stop();
    void signOut(session).then(() => showSignIn());
  });

  const desk = h('div', { class: 'desk', id: 'section-desk' },
    h('div', { class: 'desk-side' }, offers.el, workgroups.el), tabs.el);
  const offlineSection = h('div', { id: 'section-offline', hidden: true }, offline.el);
  const historySection = h('div', { id: 'section-history', hidden: true }, history.el);
  const adminSection = h('div', { id: 'section-admin', hidden: true }, admin.el);
  const sections: Record<Section, { el: HTMLElement; button: HTMLButtonElement; heading: () => HTMLElement | null }> = {
    desk: { el: desk, button: h('button', { type: 'button', 'aria-controls': 'section-desk' }, say('navDesk')), heading: () => offers.el.querySelector('h2') },
    offline: { el: offlineSection, button: h('button', { type: 'button', 'aria-controls': 'section-offline' }, say('navOffline')), heading: () => offline.el.querySelector('h2') },
    history: { el: historySection, button: h('button', { type: 'button', 'aria-controls': 'section-history' }, say('navHistory')), heading: () => history.el.querySelector('h2') },
    admin: { el: adminSection, button: h('button', { type: 'button', 'aria-controls': 'section-admin', hidden: true }, say('navAdmin')), heading: () => admin.el.querySelector('h2') },
  };
  const show = (which: Section): void => {
    for (const [k, s] of Object.entries(sections) as [Section, (typeof sections)[Section]][]) {
      s.el.hidden = k !== which;
      if (k === which) s.button.setAttribute('aria-current', 'page');
      else s.button.removeAttribute('aria-current');
    }
    if (which === 'offline') offline.load().catch((e: unknown) => ctx.fail(e));
    if (which === 'history') history.show().catch((e: unknown) => ctx.fail(e));
    if (which === 'admin') admin.load().catch((e: unknown) => ctx.fail(e));
    sections[which].heading()?.focus();
  };
  for (const k of Object.keys(sections) as Section[]) sections[k].button.addEventListener('click', () => show(k));

  root().replaceChildren(
    h('header', { class: 'top' },
      h('h1', {}, say('appTitle')),
      h('span', { class: 'who' }, say('signedInAs', { u: session.username })),
      connection,
      h('label', { for: 'presence' }, say('presence')), presence,
      signOutButton),
    h('nav', { 'aria-label': say('navLabel') }, h('ul', { class: 'nav' }, ...Object.values(sections).map((s) => h('li', {}, s.button)))),
    alertLine, status,
    h('main', { id: 'main', tabindex: '-1' }, desk, offlineSection, historySection, adminSection));
  sections.desk.button.setAttribute('aria-current', 'page');

  const ticker = setInterval(() => {
    const now = Date.now();
    offers.tick(now);
    workgroups.tick(now);
  }, 1000);

  for (const chat of session.chats) {
    const pane = tabs.open(chat, false);
    api.request('GET', `/workgroups/${seg(chat.workgroup)}/chats/${seg(chat.requestId)}`).then((r) => {
      pane.transcript(listOf<Record<string, unknown>>(r, 'messages').map((m) => ({ nick: String(m.nick ?? ''), body: String(m.body ?? ''), at: timeOf(m.at) })));
      if (r && (r as Record<string, unknown>).endedAt !== undefined) pane.markEnded();
    }, () => undefined);
  }
  openEvents();
  workgroups.load().catch((e: unknown) => ctx.fail(e));
  admin.allowed().then((yes) => {
    sections.admin.button.hidden = !yes;
  }, () => undefined);
  (document.querySelector('main') as HTMLElement | null)?.focus();
}

function boot(): void {
  document.title = say('appTitle');
  const skip = document.querySelector<HTMLAnchorElement>('a.skip');
  if (skip) skip.textContent = say('skipToContent');
  const saved = loadSession();
  if (!saved) {
    showSignIn();
    return;
  }
  resume(saved).then(startConsole, () => {
    clearSession();
    showSignIn(say('sessionLost'));
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
