/**
 * The widget's entry point, built twice: a classic script (`ofgate-chat.js`, IIFE) and an ES
 * module (`ofgate-chat.mjs`). Both define `<ofgate-chat>` (once) and remember the ofgate server
 * they were loaded from. The classic script also places the element itself when its tag says
 * `data-workgroup` (copying `data-lang` and `data-server`), so one tag embeds the widget:
 *   <script src="https://ofgate.example/widget/ofgate-chat.js" data-workgroup="support" async></script>
 * Rules: no global but the custom element; nothing runs before the page has a body.
 */
import { OfgateChatElement, setDefaultServer } from './ofgate-chat-element.js';

const script = document.currentScript as HTMLScriptElement | null;
// classic script: its tag; ES module: import.meta.url (esbuild leaves it empty in the IIFE build)
const scriptUrl = script?.src || (import.meta as { url?: string }).url || '';
if (scriptUrl) setDefaultServer(scriptUrl.replace(/\/widget\/[^/]*$/, ''));

if (!customElements.get('ofgate-chat')) customElements.define('ofgate-chat', OfgateChatElement);

const workgroup = script?.dataset.workgroup;
if (script && workgroup) {
  const place = (): void => {
    const el = document.createElement('ofgate-chat');
    el.setAttribute('workgroup', workgroup);
    if (script.dataset.lang) el.setAttribute('data-lang', script.dataset.lang);
    if (script.dataset.server) el.setAttribute('server', script.dataset.server);
    if (script.dataset.title) el.setAttribute('data-title', script.dataset.title);
    document.body.append(el);
  };
  if (document.body) place();
  else document.addEventListener('DOMContentLoaded', place, { once: true });
}
