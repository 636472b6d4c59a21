/**
 * Every text the widget shows, in one table: English and German. `data-lang` (or the element's
 * `lang`) picks the language; an unknown one falls back to English. `{n}`-style placeholders
 * are filled by `say()`.
 */

export const STRINGS = {
  en: {
    launcher: 'Chat with us',
    panelTitle: 'Chat',
    close: 'Close chat',
    loading: 'Loading…',
    open: 'We are online',
    closed: 'We are closed right now',
    agentsAvailable: '{n} agents available',
    noAgents: 'No agent is available right now',
    wait: 'Estimated wait: {t}',
    nextOpening: 'We open again: {t}',
    name: 'Your name',
    email: 'Email',
    question: 'Your question',
    start: 'Start chat',
    required: 'Please fill in: {f}',
    queued: 'You are number {n} in the queue',
    queuedWait: 'Estimated wait: {t}',
    connecting: 'An agent accepted: joining the chat…',
    cancel: 'Leave the queue',
    agentJoined: '{a} joined the chat',
    agentTyping: '{a} is typing…',
    messagePlaceholder: 'Type a message',
    messageLabel: 'Message',
    send: 'Send',
    end: 'End chat',
    ended: 'The chat has ended.',
    departed: 'You left the queue: {r}',
    rateTitle: 'How was this chat?',
    rateStars: '{n} of 5',
    comment: 'Comment (optional)',
    rateSend: 'Send rating',
    rated: 'Thank you for your rating.',
    transcript: 'Download transcript',
    newChat: 'Start a new chat',
    offlineTitle: 'Leave us a message',
    offlineIntro: 'Nobody can chat right now. Leave a message and we will answer by email.',
    message: 'Message',
    offlineSend: 'Send message',
    offlineSent: 'Thank you: your message was sent.',
    you: 'You',
    agent: 'Agent',
    error: 'Something went wrong: {m}',
    newMessageTitle: '(1) New message',
    log: 'Conversation',
  },
  de: {
    launcher: 'Chatten Sie mit uns',
    panelTitle: 'Chat',
    close: 'Chat schließen',
    loading: 'Wird geladen…',
    open: 'Wir sind online',
    closed: 'Wir sind gerade nicht erreichbar',
    agentsAvailable: '{n} Mitarbeiter verfügbar',
    noAgents: 'Gerade ist kein Mitarbeiter verfügbar',
    wait: 'Geschätzte Wartezeit: {t}',
    nextOpening: 'Wir sind wieder da: {t}',
    name: 'Ihr Name',
    email: 'E-Mail',
    question: 'Ihre Frage',
    start: 'Chat starten',
    required: 'Bitte ausfüllen: {f}',
    queued: 'Sie sind Nummer {n} in der Warteschlange',
    queuedWait: 'Geschätzte Wartezeit: {t}',
    connecting: 'Ein Mitarbeiter hat angenommen: Chat wird geöffnet…',
    cancel: 'Warteschlange verlassen',
    agentJoined: '{a} ist dem Chat beigetreten',
    agentTyping: '{a} schreibt…',
    messagePlaceholder: 'Nachricht eingeben',
    messageLabel: 'Nachricht',
    send: 'Senden',
    end: 'Chat beenden',
    ended: 'Der Chat ist beendet.',
    departed: 'Sie haben die Warteschlange verlassen: {r}',
    rateTitle: 'Wie war dieser Chat?',
    rateStars: '{n} von 5',
    comment: 'Kommentar (optional)',
    rateSend: 'Bewertung senden',
    rated: 'Danke für Ihre Bewertung.',
    transcript: 'Verlauf herunterladen',
    newChat: 'Neuen Chat beginnen',
    offlineTitle: 'Hinterlassen Sie uns eine Nachricht',
    offlineIntro: 'Gerade kann niemand chatten. Hinterlassen Sie eine Nachricht, wir antworten per E-Mail.',
    message: 'Nachricht',
    offlineSend: 'Nachricht senden',
    offlineSent: 'Danke: Ihre Nachricht wurde gesendet.',
    you: 'Sie',
    agent: 'Mitarbeiter',
    error: 'Etwas ist schiefgegangen: {m}',
    newMessageTitle: '(1) Neue Nachricht',
    log: 'Unterhaltung',
  },
} as const;

export type Lang = keyof typeof STRINGS;
export type StringKey = keyof (typeof STRINGS)['en'];

export function pickLang(wanted: string | null | undefined): Lang {
  const base = (wanted ?? '').toLowerCase().split('-')[0] ?? '';
  return base in STRINGS ? (base as Lang) : 'en';
}

/** The text of `key` in `lang`, placeholders filled. */
export function say(lang: Lang, key: StringKey, vars: Record<string, string | number> = {}): string {
  return STRINGS[lang][key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}

/** Seconds as a short duration ("2 min", "45 s"). */
export function duration(seconds: number): string {
  return seconds >= 90 ? `${Math.round(seconds / 60)} min` : `${Math.max(0, Math.round(seconds))} s`;
}
