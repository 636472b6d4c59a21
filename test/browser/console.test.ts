/**
 * The agent console in Debian's chromium against the real ejabberd (shared world): the agent
 * signs in with its ejabberd account and goes available; a visitor asks over the REST API; the
 * console shows the waiting visitor in the queue and the offer with its countdown; the agent
 * accepts, a chat tab opens with the visitor's question; messages go both ways, with typing
 * shown on each side; the agent ends the chat; the history lists it and shows its transcript;
 * an admin sees every workgroup with its agents. A reload keeps the session (sessionStorage).
 * Screenshots of each step go to test-artifacts/browser/; axe-core finds no serious violation
 * in each view. Steps that need a route of docs/pages.md this ofgate does not serve yet skip,
 * saying so.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import type { Page } from 'playwright-core';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { payloadOf } from '../kit/chat-kit.js';
import { ask, MODERN, visitorAuth, visitorEvent, workgroup, type Visitor } from '../kit/fastpath-kit.js';
import { unique } from '../kit/unique.js';
import { registerUser } from '../kit/xmpp-test-client.js';
import { assertNoSeriousViolations } from './harness/axe-check.js';
import { builtManifest } from './harness/built-pages.js';
import { launchChromium, type Browser } from './harness/chromium.js';
import { screenshotter } from './harness/screenshots.js';

/** A route of docs/pages.md not added yet answers 404 "No route for …". */
const missingRoute = (status: number, text: string): boolean => status === 404 && /No route for/.test(text);

describe('Agent console in chromium (browser e2e, real ejabberd)', function () {
  this.timeout(60_000);
  let w: Stack;
  let browser: Browser;
  let page: Page;
  let agentName: string;
  const password = 'pw "agent" <&>';
  let wg: string;
  let visitor: Visitor;
  let cannedServed = false;
  const shoot = screenshotter('console');

  before(async () => {
    builtManifest(); // the pages are built (make build)
    w = await getWorld();
    agentName = unique('cagent');
    await registerUser(w.ej.apiUrl, w.domain, agentName, password);
    wg = await workgroup(w, [agentName], {}, 'cwg');
    const canned = await request(w.url).post(`${MODERN}/workgroups/${wg}/canned`).set('Authorization', w.secret).set('Accept', 'application/json')
      .set('Content-Type', 'application/json').send(JSON.stringify({ title: 'Greeting', text: 'Thank you for waiting.' }));
    cannedServed = !missingRoute(canned.status, canned.text);
    if (cannedServed) assert.equal(canned.status, 201, canned.text);
    browser = await launchChromium();
    page = await browser.newPage();
  });
  after(async () => {
    visitor?.sse.close();
    await browser?.close();
  });

  it('when the agent opens /console/ and signs in with its ejabberd password, then the desk shows its workgroup, and only the session is kept (sessionStorage)', async () => {
    await page.goto(`${w.url}/console/`);
    await page.getByLabel('User name', { exact: true }).waitFor();
    await shoot(page, 'sign-in');
    await assertNoSeriousViolations(page, 'the sign-in form');

    await page.getByLabel('Password', { exact: true }).fill('wrong');
    await page.getByLabel('User name', { exact: true }).fill(agentName);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Sign-in failed' }).waitFor();

    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(`Signed in as ${agentName}`).waitFor();
    await page.getByRole('switch', { name: `Available in ${wg}` }).waitFor();
    const kept = (await page.evaluate('({ local: localStorage.length, cookie: document.cookie, session: Object.keys(sessionStorage) })')) as { local: number; cookie: string; session: string[] };
    assert.deepEqual(kept, { local: 0, cookie: '', session: ['ofgate.console.session'] });
    await page.locator('.connection[data-state="open"]').waitFor();
    await shoot(page, 'desk');
    await assertNoSeriousViolations(page, 'the desk');
  });

  it('when the agent reloads the page, then it is still signed in', async () => {
    await page.reload();
    await page.getByText(`Signed in as ${agentName}`).waitFor();
    await page.locator('.connection[data-state="open"]').waitFor();
  });

  it('when the agent goes available and a visitor asks, then the queue shows the visitor and the offer arrives with its question and a countdown', async () => {
    const sw = page.getByRole('switch', { name: `Available in ${wg}` });
    await sw.click();
    await page.locator(`.switch[data-workgroup="${wg}"][aria-checked="true"]`).waitFor();

    visitor = await ask(w, wg, { question: 'Where is my parcel, please?' });
    const offer = page.locator(`.offer[data-offer="${visitor.requestId}"]`);
    await offer.waitFor();
    assert.match(await offer.textContent() ?? '', /Where is my parcel, please\?/);
    assert.match(await offer.locator('.countdown').textContent() ?? '', /^Expires in \d+ s$/);
    await page.locator(`table[data-queue="${wg}"] tr[data-request="${visitor.requestId}"]`).waitFor();
    const queued = await page.locator(`tr[data-request="${visitor.requestId}"]`).textContent() ?? '';
    assert.match(queued, new RegExp(visitor.userId));
    assert.match(queued, /Where is my parcel, please\?/, 'the question, known from the offer');
    await shoot(page, 'offer-and-queue');
    await assertNoSeriousViolations(page, 'the desk with an offer');
  });

  it('when the agent accepts, then a chat tab opens with the visitor\'s metadata, the offer leaves and the visitor is told', async () => {
    await page.locator(`.offer[data-offer="${visitor.requestId}"]`).getByRole('button', { name: 'Accept' }).click();
    const tab = page.getByRole('tab', { name: visitor.userId });
    await tab.waitFor();
    assert.equal(await tab.getAttribute('aria-selected'), 'true');
    const panel = page.locator(`[role="tabpanel"][data-chat="${visitor.requestId}"]`);
    assert.match(await panel.locator('.meta').textContent() ?? '', /Where is my parcel, please\?/);
    await page.locator(`.offer[data-offer="${visitor.requestId}"]`).waitFor({ state: 'detached' });
    const offer = await visitorEvent(visitor, 'offer');
    assert.equal(offer.agent, `${agentName}@${w.domain}`);
    const joined = await request(w.url).post(`${MODERN}/ask/${encodeURIComponent(visitor.userId)}`).set('Authorization', visitorAuth(visitor));
    assert.equal(joined.status, 200, joined.text);
    await panel.locator('.notice').filter({ hasText: 'joined' }).first().waitFor();
    // the message composer has the focus, ready to type
    assert.equal(await page.evaluate('document.activeElement?.classList.contains("composer")'), true);
  });

  it('when the visitor writes, then the console shows it; when the agent answers (Enter), then the visitor gets it, shown once in the console', async () => {
    const panel = page.locator(`[role="tabpanel"][data-chat="${visitor.requestId}"]`);
    const question = `Order ${unique('o')} <b>is late</b>`;
    const said = await request(w.url).put(`${MODERN}/ask/${encodeURIComponent(visitor.userId)}`).set('Authorization', visitorAuth(visitor)).set('Content-Type', 'text/plain').send(question);
    assert.equal(said.status, 200, said.text);
    await panel.locator('li.theirs').filter({ hasText: question }).waitFor();
    assert.equal(await panel.locator('li.theirs .who').last().textContent(), visitor.userId, 'the visitor by its name, not its room nick');
    assert.equal(await panel.locator('li b').count(), 0, 'message text is never markup');

    const answer = `Let me look ${unique('a')}`;
    const got = visitorEvent(visitor, 'groupchat', (p) => p.body === answer);
    const composer = panel.getByLabel('Message', { exact: true });
    await composer.fill(answer);
    await composer.press('Enter');
    await got;
    await panel.locator('li.mine').filter({ hasText: answer }).waitFor();
    assert.equal(await panel.locator('li.mine').filter({ hasText: answer }).count(), 1);
    assert.equal(await composer.inputValue(), '');
    await shoot(page, 'chat');
    await assertNoSeriousViolations(page, 'the chat tab');
  });

  it('when the agent reloads mid-chat, then the tab comes back with the transcript, each message once, and messages keep coming', async () => {
    const panel = page.locator(`[role="tabpanel"][data-chat="${visitor.requestId}"]`);
    const before = await panel.locator('li.theirs, li.mine').allTextContents();
    await page.reload();
    await page.getByRole('tab', { name: visitor.userId }).waitFor();
    await panel.locator('li.mine').first().waitFor();
    await page.locator('.connection[data-state="open"]').waitFor();
    assert.deepEqual(await panel.locator('li.theirs, li.mine').allTextContents(), before);
    const more = `Are you there? ${unique('m')}`;
    const said = await request(w.url).put(`${MODERN}/ask/${encodeURIComponent(visitor.userId)}`).set('Authorization', visitorAuth(visitor)).set('Content-Type', 'text/plain').send(more);
    assert.equal(said.status, 200, said.text);
    await panel.locator('li.theirs').filter({ hasText: more }).waitFor();
    assert.equal(await panel.locator('li.theirs, li.mine').count(), before.length + 1);
  });

  it('when the agent picks a canned reply, then its text goes into the composer and is sent', async function () {
    if (!cannedServed) this.skip(); // docs/pages.md: workgroups/{wg}/canned not served yet
    const panel = page.locator(`[role="tabpanel"][data-chat="${visitor.requestId}"]`);
    await panel.getByLabel('Canned reply').selectOption({ label: 'Greeting' });
    const composer = panel.getByLabel('Message', { exact: true });
    assert.equal(await composer.inputValue(), 'Thank you for waiting.');
    const got = visitorEvent(visitor, 'groupchat', (p) => p.body === 'Thank you for waiting.');
    await composer.press('Enter');
    await got;
  });

  it('when the visitor types, then the console shows it typing (PUT ask/{userId}/chatstate/composing)', async function () {
    const res = await request(w.url).put(`${MODERN}/ask/${encodeURIComponent(visitor.userId)}/chatstate/composing`).set('Authorization', visitorAuth(visitor));
    if (missingRoute(res.status, res.text)) this.skip(); // docs/pages.md: the visitor's chat state route not served yet
    assert.equal(res.status, 200, res.text);
    const typing = page.locator(`[data-chat="${visitor.requestId}"] .typing`).filter({ hasText: 'is typing' });
    try {
      await typing.waitFor({ timeout: 5000 });
    } catch {
      this.skip(); // docs/pages.md: SSE chatapi.muc chat-state events not served yet
    }
    await shoot(page, 'visitor-typing');
  });

  it('when the agent types, then the visitor\'s stream gets the agent composing', async function () {
    const composing = visitor.sse.waitFor((m) => m.event === 'chatapi.muc' && payloadOf(m).state === 'composing' && String(payloadOf(m).from).endsWith(`/${agentName}`), 5000, 'the agent composing');
    await page.locator(`[data-chat="${visitor.requestId}"]`).getByLabel('Message', { exact: true }).pressSequentially('one moment');
    try {
      await composing;
    } catch {
      this.skip(); // docs/pages.md: groupchat chat states (chatstate to a room, chatapi.muc state events) not served yet
    }
    await page.locator(`[data-chat="${visitor.requestId}"]`).getByLabel('Message', { exact: true }).fill('');
  });

  it('when the agent ends the chat, then the tab says so, its controls are disabled, and the visitor gets chat-ended', async function () {
    const panel = page.locator(`[role="tabpanel"][data-chat="${visitor.requestId}"]`);
    const alert = page.getByRole('alert').filter({ hasText: 'No route for' });
    await panel.getByRole('button', { name: 'End chat' }).click();
    const notice = panel.locator('.notice').filter({ hasText: 'The chat has ended.' });
    await notice.or(alert).first().waitFor();
    if (await alert.isVisible()) {
      assert.ok(missingRoute(404, await alert.textContent() ?? ''));
      this.skip(); // docs/pages.md: DELETE chat/{sid}/assists/{wg}/chats/{requestId} not served yet
    }
    assert.equal(await panel.getByLabel('Message', { exact: true }).isDisabled(), true);
    await visitorEvent(visitor, 'chat-ended', (p) => p.requestId === visitor.requestId);
    await shoot(page, 'ended');
    await assertNoSeriousViolations(page, 'the ended chat');
    await panel.getByRole('button', { name: `Close tab of ${visitor.userId}` }).click();
    await page.getByRole('tab', { name: visitor.userId }).waitFor({ state: 'detached' });
  });

  it('when the agent searches its history, then the chat is listed and its transcript holds both sides', async function () {
    const probe = await request(w.url).get(`${MODERN}/workgroups/${wg}/chats`).set('Authorization', w.secret).set('Accept', 'application/json');
    if (missingRoute(probe.status, probe.text)) this.skip(); // docs/pages.md: GET workgroups/{wg}/chats not served yet
    await page.getByRole('button', { name: 'History' }).click();
    await page.getByLabel('Search (visitor, question, agent)').fill('parcel');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const row = page.locator(`tr[data-history="${visitor.requestId}"]`);
    await row.waitFor();
    assert.match(await row.textContent() ?? '', /Where is my parcel, please\?/);
    await page.getByLabel('Search (visitor, question, agent)').fill(unique('nothing-like-this'));
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('No chat found.').waitFor();
    await page.getByLabel('Search (visitor, question, agent)').fill('');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await row.getByRole('button').click();
    const transcript = page.locator('.transcript');
    await transcript.getByText('Let me look', { exact: false }).waitFor();
    assert.match(await transcript.textContent() ?? '', /is late/);
    await shoot(page, 'history');
    await assertNoSeriousViolations(page, 'the history');
  });

  it('when an admin signs in, then the administration lists every workgroup with its agents\' states', async () => {
    const adminPage = await browser.newPage();
    try {
      await adminPage.goto(`${w.url}/console/`);
      await adminPage.getByLabel('User name', { exact: true }).fill('admin');
      await adminPage.getByLabel('Password', { exact: true }).fill(w.adminPassword);
      await adminPage.getByRole('button', { name: 'Sign in' }).click();
      await adminPage.getByRole('button', { name: 'Administration' }).click();
      const row = adminPage.locator(`tr[data-admin-workgroup="${wg}"]`);
      await row.waitFor();
      assert.match(await row.textContent() ?? '', new RegExp(`${agentName}: available`));
      await shoot(adminPage, 'admin');
      await assertNoSeriousViolations(adminPage, 'the administration');
    } finally {
      await adminPage.close();
    }
  });

  it('when the agent signs out, then the sign-in form is back and nothing is kept', async () => {
    await page.getByRole('button', { name: 'Desk' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('User name', { exact: true }).waitFor();
    assert.equal(await page.evaluate('sessionStorage.length'), 0);
  });
});
