/**
 * The panel's views as DOM builders (no state, no I/O): the workgroup status, a form from
 * field definitions, the queue, the conversation (log, typing line, composer), the end (rating,
 * transcript, new chat). Rules: text from the server or the visitor goes in as text nodes only
 * (element-builder); every control has a label; the log is a live region (role=log) of message blocks.
 */
import { h } from '../shared/element-builder.js';
import type { Line } from './chat-state.js';
import { duration, say, type Lang, type StringKey } from './strings.js';
import { FIELD_LABELS, type FormField, type WorkgroupState } from './workgroup-state.js';

export type T = (key: StringKey, vars?: Record<string, string | number>) => string;
export const translator = (lang: Lang): T => (key, vars) => say(lang, key, vars);

export function statusView(t: T, s: WorkgroupState): HTMLElement {
  const lines: Array<string> = [t(s.open ? 'open' : 'closed')];
  if (s.open && s.agentsAvailable !== undefined) lines.push(s.agentsAvailable > 0 ? t('agentsAvailable', { n: s.agentsAvailable }) : t('noAgents'));
  if (s.open && s.estimatedWait !== undefined && s.agentsAvailable !== 0) lines.push(t('wait', { t: duration(s.estimatedWait) }));
  if (!s.open && s.nextOpening) lines.push(t('nextOpening', { t: new Date(s.nextOpening).toLocaleString() }));
  return h('p', { class: 'status', role: 'status' }, lines.join(' · '));
}

/** A form of `fields`; `onSubmit` gets the values once the required ones are filled. */
export function formView(t: T, idPrefix: string, fields: readonly FormField[], submitLabel: string, onSubmit: (values: Record<string, string>, form: HTMLFormElement) => void): HTMLFormElement {
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const inputs = fields.map((f) => {
    const id = `${idPrefix}-${f.name}`;
    const common = { id, name: f.name, required: f.required, 'aria-required': f.required ? 'true' : undefined, autocomplete: f.type === 'email' ? 'email' : f.name === 'name' ? 'name' : 'off' };
    const input = f.type === 'textarea' ? h('textarea', common) : h('input', { ...common, type: f.type });
    const label = f.label ?? (FIELD_LABELS[f.name] ? t(FIELD_LABELS[f.name] as StringKey) : f.name);
    return { f, input, el: h('label', { for: id }, label, input) };
  });
  const form = h('form', { novalidate: true }, ...inputs.map((i) => i.el), error, h('button', { class: 'primary', type: 'submit' }, submitLabel));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const values: Record<string, string> = {};
    const missing: typeof inputs = [];
    for (const i of inputs) {
      values[i.f.name] = i.input.value;
      const bad = (i.f.required && i.input.value.trim() === '') || (i.f.type === 'email' && i.input.value.trim() !== '' && !/^[^\s@]+@[^\s@]+$/.test(i.input.value.trim()));
      i.input.setAttribute('aria-invalid', bad ? 'true' : 'false');
      if (bad) missing.push(i);
    }
    if (missing.length > 0) {
      error.textContent = t('required', { f: missing.map((m) => m.el.firstChild?.textContent ?? m.f.name).join(', ') });
      error.hidden = false;
      missing[0]?.input.focus();
      return;
    }
    error.hidden = true;
    onSubmit(values, form);
  });
  return form;
}

export function queueView(t: T, position: number, estimatedWait: number, onCancel: () => void): HTMLElement {
  return h('div', { class: 'queue' },
    h('p', { class: 'status', role: 'status', 'aria-live': 'polite' },
      h('strong', { class: 'position' }, position > 0 ? t('queued', { n: position }) : t('connecting')),
      position > 0 && estimatedWait > 0 ? h('span', {}, ` · ${t('queuedWait', { t: duration(estimatedWait) })}`) : null),
    h('button', { class: 'secondary', type: 'button', onclick: onCancel }, t('cancel')));
}

export function lineView(t: T, l: Line): HTMLElement {
  if (l.who === 'system') {
    return h('div', { class: 'msg system' }, l.kind === 'joined' ? t('agentJoined', { a: l.nick || t('agent') }) : t('ended'));
  }
  const who = l.who === 'me' ? t('you') : l.nick || t('agent');
  return h('div', { class: `msg ${l.who}` }, h('span', { class: 'who' }, who), l.body);
}

export interface ChatViewParts {
  readonly root: HTMLElement;
  readonly log: HTMLElement;
  readonly typing: HTMLElement;
  readonly input: HTMLTextAreaElement;
}

export function chatView(t: T, lines: readonly Line[], on: { send(text: string): void; input(): void; end(): void }): ChatViewParts {
  const log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': t('log'), tabindex: 0 }, ...lines.map((l) => lineView(t, l)));
  const typing = h('p', { class: 'typing', 'aria-live': 'polite' });
  const input = h('textarea', { id: 'ofgate-message', name: 'message', placeholder: t('messagePlaceholder'), rows: 1 });
  const submit = (): void => {
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    on.send(text);
  };
  input.addEventListener('input', () => on.input());
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      submit();
    }
  });
  const composer = h('form', { class: 'composer' },
    h('label', { for: 'ofgate-message', class: 'sr' }, t('messageLabel')), input,
    h('button', { class: 'primary', type: 'submit' }, t('send')));
  composer.addEventListener('submit', (e) => {
    e.preventDefault();
    submit();
  });
  const root = h('div', { class: 'chat' }, log, typing, composer,
    h('div', { class: 'row' }, h('button', { class: 'secondary end', type: 'button', onclick: on.end }, t('end'))));
  return { root, log, typing, input };
}

export function ratingView(t: T, onRate: (rating: number, comment: string) => void): HTMLFormElement {
  const stars = [1, 2, 3, 4, 5].map((n) =>
    h('label', { class: 'star' }, h('input', { type: 'radio', name: 'rating', value: n }), t('rateStars', { n })));
  const comment = h('textarea', { id: 'ofgate-comment', name: 'comment' });
  const form = h('form', { class: 'rating' },
    h('fieldset', {}, h('legend', {}, t('rateTitle')), ...stars),
    h('label', { for: 'ofgate-comment' }, t('comment'), comment),
    h('button', { class: 'primary', type: 'submit' }, t('rateSend')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const checked = form.querySelector<HTMLInputElement>('input[name=rating]:checked');
    if (checked) onRate(Number(checked.value), comment.value.trim());
  });
  return form;
}
