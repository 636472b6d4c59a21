/**
 * The sign-in form: user name and password of the agent's ejabberd account. On success hands the
 * new session over; on failure shows the API's message in an alert and keeps focus in the form.
 */
import { h } from '../shared/element-builder.js';
import { type AgentSession, signIn } from './agent-session.js';
import { messageOf } from './console-context.js';
import { askNotificationPermission } from './offer-alert.js';
import { say } from './strings.js';

export function signInView(onSignedIn: (s: AgentSession) => void, notice?: string): HTMLElement {
  const user = h('input', { id: 'signin-user', name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const pass = h('input', { id: 'signin-pass', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'error', role: 'alert', id: 'signin-error' }, notice ?? '');
  const button = h('button', { type: 'submit', class: 'primary' }, say('signIn'));
  const form = h('form', { class: 'signin', 'aria-labelledby': 'signin-title', 'aria-describedby': 'signin-error' },
    h('h1', { id: 'signin-title', tabindex: '-1' }, say('signInTitle')),
    h('p', {}, say('signInIntro')),
    h('label', { for: 'signin-user' }, say('username')), user,
    h('label', { for: 'signin-pass' }, say('password')), pass,
    button, error);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    askNotificationPermission();
    button.disabled = true;
    button.textContent = say('signingIn');
    error.textContent = '';
    signIn(user.value, pass.value).then(onSignedIn, (err: unknown) => {
      button.disabled = false;
      button.textContent = say('signIn');
      error.textContent = say('signInFailed', { m: messageOf(err) });
      pass.select();
      pass.focus();
    });
  });
  return h('main', { id: 'main', class: 'signin-page' }, form);
}
