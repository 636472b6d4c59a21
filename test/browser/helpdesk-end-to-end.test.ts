/**
 * The whole helpdesk in Debian's chromium against the real ejabberd (shared world), both sides
 * real pages in two browser contexts: a host page of another origin with hostile CSS embeds the
 * widget; the agent signs in to /console/ and goes available; the visitor fills the pre-chat
 * form and asks; the console shows the waiting visitor and the offer; the agent accepts; both
 * write, each page shows the other side typing and its messages; the visitor reloads mid-chat
 * and gets the transcript back with the live stream; the agent ends the chat and the widget
 * says so; with no agent available the widget offers the offline form, and the message sent
 * there is listed in the console's offline messages, where Remove deletes it.
 * Rules: nothing here goes through the REST API but setup (account, workgroup) and the check
 * that a removed offline message is gone from GET workgroups/{wg}/messages; every step waits for what a page shows (no fixed sleeps); screenshots of each step go
 * to test-artifacts/browser/helpdesk-*; axe-core finds no serious violation on either page.
 * Selectors and labels are the ones widget.test.ts and console.test.ts use.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import type { Locator, Page } from 'playwright-core';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { MODERN, workgroup } from '../kit/fastpath-kit.js';
import { basic } from '../kit/http-auth.js';
import { unique } from '../kit/unique.js';
import { registerUser } from '../kit/xmpp-test-client.js';
import { assertNoSeriousViolations } from './harness/axe-check.js';
import { builtManifest } from './harness/built-pages.js';
import { launchChromium, type Browser } from './harness/chromium.js';
import { hostPage, startHostSite, type HostSite } from './harness/host-site.js';
import { screenshotter } from './harness/screenshots.js';

describe('Helpdesk end to end: widget and console in chromium (browser e2e, real ejabberd)', function () {
  this.timeout(60_000);
  let w: Stack;
  let visitorBrowser: Browser;
  let agentBrowser: Browser;
  let site: HostSite;
  let visitorPage: Page;
  let agentPage: Page;
  let widget: Locator;
  let agentName: string;
  const password = 'pw "desk" <&>';
  let wg: string;
  let requestId = '';
  const question = `Where is my parcel ${unique('q')}?`;
  const offlineMessage = `Please call me back ${unique('o')}.`;
  const shoot = screenshotter('helpdesk');

  const panel = (): Locator => agentPage.locator(`[role="tabpanel"][data-chat="${requestId}"]`);
  const composer = (): Locator => panel().getByLabel('Message', { exact: true });

  before(async () => {
    builtManifest(); // the pages are built (make build, or npm run -s build:web)
    w = await getWorld();
    agentName = unique('hagent');
    await registerUser(w.ej.apiUrl, w.domain, agentName, password);
    wg = await workgroup(w, [agentName], { public: true }, 'hwg');
    // two browser contexts (each its own profile): the visitor's and the agent's
    [visitorBrowser, agentBrowser, site] = await Promise.all([launchChromium(), launchChromium(), startHostSite()]);
    [visitorPage, agentPage] = await Promise.all([visitorBrowser.newPage(), agentBrowser.newPage()]);
    widget = visitorPage.locator('ofgate-chat');
  });
  after(async () => {
    await Promise.all([visitorBrowser?.close(), agentBrowser?.close(), site?.close()]);
  });

  it('when the agent signs in to /console/ and switches itself available, then the desk shows its workgroup with an empty queue', async () => {
    await agentPage.goto(`${w.url}/console/`);
    await agentPage.getByLabel('User name', { exact: true }).fill(agentName);
    await agentPage.getByLabel('Password', { exact: true }).fill(password);
    await agentPage.getByRole('button', { name: 'Sign in' }).click();
    await agentPage.getByText(`Signed in as ${agentName}`).waitFor();
    await agentPage.locator('.connection[data-state="open"]').waitFor();
    await agentPage.getByRole('switch', { name: `Available in ${wg}` }).click();
    await agentPage.locator(`.switch[data-workgroup="${wg}"][aria-checked="true"]`).waitFor();
    await agentPage.locator(`.queue-empty[data-queue="${wg}"]`).filter({ hasText: 'Nobody is waiting.' }).waitFor();
    await shoot(agentPage, 'console-available');
    await assertNoSeriousViolations(agentPage, 'the console desk');
  });

  it('when a host page with hostile CSS embeds the widget and the visitor opens it, then it shows the workgroup online and the pre-chat form, styled by the widget alone', async () => {
    await visitorPage.goto(site.page('/shop', hostPage(w, wg)));
    const launcher = widget.locator('button.launcher');
    await launcher.waitFor({ state: 'visible' });
    const color = await launcher.evaluate((b) => getComputedStyle(b).color);
    assert.equal(color, 'rgb(255, 255, 255)', 'the host page\'s button colours do not reach the launcher');
    await launcher.click();
    await widget.getByText('1 agents available', { exact: false }).waitFor();
    await widget.getByLabel('Your name').waitFor({ state: 'visible' });
    await shoot(visitorPage, 'widget-pre-chat-form');
    await assertNoSeriousViolations(visitorPage, 'the host page with the pre-chat form');
  });

  it('when the visitor fills the pre-chat form and asks, then it sees its queue position, and the console shows it waiting and the offer with its question and countdown', async () => {
    await widget.getByLabel('Your name').fill('Vera Visitor');
    await widget.getByLabel('Email').fill('vera@example.com');
    await widget.getByLabel('Your question').fill(question);
    await widget.getByRole('button', { name: 'Start chat' }).click();
    await widget.locator('.position').filter({ hasText: 'You are number 1 in the queue' }).waitFor();

    const offer = agentPage.locator('.offer').filter({ hasText: question });
    await offer.waitFor();
    requestId = (await offer.getAttribute('data-offer')) ?? '';
    assert.ok(requestId, 'the offer names its request');
    assert.match(await offer.locator('.countdown').textContent() ?? '', /^Expires in \d+ s$/);
    const queued = agentPage.locator(`table[data-queue="${wg}"] tr[data-request="${requestId}"]`);
    await queued.waitFor();
    assert.match(await queued.textContent() ?? '', new RegExp(question.replace(/[?]/g, '\\?')));
    await Promise.all([shoot(visitorPage, 'widget-queued'), shoot(agentPage, 'console-offer-and-queue')]);
    await assertNoSeriousViolations(visitorPage, 'the widget\'s queue view');
    await assertNoSeriousViolations(agentPage, 'the console with an offer');
  });

  it('when the agent accepts, then the console opens the chat tab with the visitor\'s question, and the widget enters the chat with the agent joined', async () => {
    await agentPage.locator(`.offer[data-offer="${requestId}"]`).getByRole('button', { name: 'Accept' }).click();
    const tab = agentPage.locator(`[role="tab"][data-chat-tab="${requestId}"]`);
    await tab.waitFor();
    assert.equal(await tab.getAttribute('aria-selected'), 'true');
    assert.match(await panel().locator('.meta').textContent() ?? '', /Where is my parcel/);
    await agentPage.locator(`.offer[data-offer="${requestId}"]`).waitFor({ state: 'detached' });

    await widget.locator('.msg.system').filter({ hasText: `${agentName} joined the chat` }).waitFor();
    await widget.getByLabel('Message').waitFor({ state: 'visible' });
    await panel().locator('.notice').filter({ hasText: 'joined' }).first().waitFor(); // the visitor in the room
  });

  it('when the agent types and sends, then the widget shows the agent typing, then its message; the console shows it once as its own', async () => {
    await composer().pressSequentially('Hello');
    await widget.locator('.typing').filter({ hasText: `${agentName} is typing` }).waitFor();
    await shoot(visitorPage, 'widget-agent-typing');
    const hello = `Hello, I am here to help ${unique('m')}`;
    await composer().fill(hello);
    await composer().press('Enter');
    await widget.locator('.msg.agent').filter({ hasText: hello }).waitFor();
    await widget.locator('.typing').filter({ hasText: 'is typing' }).waitFor({ state: 'detached' }); // cleared by its message
    await panel().locator('li.mine').filter({ hasText: hello }).waitFor();
    assert.equal(await panel().locator('li.mine').filter({ hasText: hello }).count(), 1);
    assert.equal(await composer().inputValue(), '');
  });

  it('when the visitor types and sends, then the console shows the visitor typing, then its message; the widget shows it once, never as markup', async () => {
    const input = widget.getByLabel('Message');
    await input.pressSequentially('My');
    await panel().locator('.typing').filter({ hasText: 'is typing' }).waitFor();
    await shoot(agentPage, 'console-visitor-typing');
    const answer = `My parcel ${unique('p')} <b>is late</b>`;
    await input.fill(answer);
    await input.press('Enter');
    await panel().locator('li.theirs').filter({ hasText: answer }).waitFor();
    await widget.locator('.msg.me').filter({ hasText: answer }).waitFor();
    assert.equal(await widget.locator('.msg.me').count(), 1);
    assert.equal(await panel().locator('li.theirs').filter({ hasText: answer }).count(), 1);
    assert.equal(await widget.locator('.msg b').count(), 0, 'message text is never markup (widget)');
    assert.equal(await panel().locator('li b').count(), 0, 'message text is never markup (console)');
    await Promise.all([shoot(visitorPage, 'widget-chat'), shoot(agentPage, 'console-chat')]);
    await assertNoSeriousViolations(visitorPage, 'the widget\'s conversation');
    await assertNoSeriousViolations(agentPage, 'the console\'s chat tab');
  });

  it('when the visitor reloads the page mid-chat, then the widget comes back with the transcript, each message once, and both directions still work', async () => {
    const before = await widget.locator('.msg').allTextContents();
    await visitorPage.reload();
    await widget.locator('.msg.me').first().waitFor();
    assert.deepEqual(await widget.locator('.msg').allTextContents(), before);

    const more = `Still there? ${unique('r')}`;
    await composer().fill(more);
    await composer().press('Enter');
    await widget.locator('.msg.agent').filter({ hasText: more }).waitFor();
    assert.equal(await widget.locator('.msg').count(), before.length + 1, 'no message twice after the replay');

    const reply = `Yes, thanks ${unique('y')}`;
    await widget.getByLabel('Message').fill(reply);
    await widget.getByLabel('Message').press('Enter');
    await panel().locator('li.theirs').filter({ hasText: reply }).waitFor();
    await shoot(visitorPage, 'widget-after-reload');
  });

  it('when the agent ends the chat, then the console tab says so with its composer disabled, and the widget shows the chat ended', async () => {
    await panel().getByRole('button', { name: 'End chat' }).click();
    await panel().locator('.notice').filter({ hasText: 'The chat has ended.' }).waitFor();
    assert.equal(await composer().isDisabled(), true);
    await widget.getByText('The chat has ended.', { exact: false }).first().waitFor();
    await widget.getByRole('button', { name: 'Start a new chat' }).waitFor();
    await Promise.all([shoot(visitorPage, 'widget-ended'), shoot(agentPage, 'console-ended')]);
    await assertNoSeriousViolations(visitorPage, 'the widget\'s end of the chat');
    await assertNoSeriousViolations(agentPage, 'the console\'s ended chat');
  });

  it('when no agent is available, then the widget shows the offline form, and the visitor can leave a message there', async () => {
    await agentPage.getByRole('switch', { name: `Available in ${wg}` }).click();
    await agentPage.locator(`.switch[data-workgroup="${wg}"][aria-checked="false"]`).waitFor();

    await widget.getByRole('button', { name: 'Start a new chat' }).click();
    await widget.getByRole('heading', { name: 'Leave us a message' }).waitFor();
    await widget.getByText('No agent is available right now').waitFor();
    await shoot(visitorPage, 'widget-offline-form');
    await assertNoSeriousViolations(visitorPage, 'the widget\'s offline form');

    await widget.getByLabel('Your name').fill('Vera Visitor');
    await widget.getByLabel('Email').fill('vera@example.com');
    await widget.getByLabel('Message').fill(offlineMessage);
    await widget.getByRole('button', { name: 'Send message' }).click();
    await widget.getByText('Thank you: your message was sent.').waitFor();
    await shoot(visitorPage, 'widget-offline-sent');
  });

  it('when the agent opens the console\'s offline messages, then the visitor\'s message is listed for the workgroup, and Remove deletes it', async () => {
    await agentPage.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Offline messages' }).click();
    await agentPage.getByRole('heading', { level: 2, name: 'Offline messages' }).waitFor();
    assert.equal(await agentPage.evaluate('document.activeElement?.id'), 'offline-title', 'focus moves to the section\'s heading');
    const table = agentPage.getByRole('table', { name: `Offline messages of ${wg}` });
    const row = table.getByRole('row').filter({ hasText: offlineMessage });
    await row.waitFor();
    assert.equal(await row.getByRole('rowheader').textContent(), 'Vera Visitor');
    assert.equal(await row.getByRole('link', { name: 'vera@example.com' }).getAttribute('href'), 'mailto:vera@example.com');
    assert.ok(Number.isFinite(Date.parse(await row.locator('time').getAttribute('datetime') ?? '')), 'the row says when');
    await shoot(agentPage, 'console-offline-messages');
    await assertNoSeriousViolations(agentPage, 'the console\'s offline messages');

    await row.getByRole('button', { name: 'Remove the message of Vera Visitor' }).press('Enter');
    await agentPage.locator(`[data-offline-empty="${wg}"]`).filter({ hasText: 'No message.' }).waitFor();
    assert.equal(await agentPage.evaluate('document.activeElement?.dataset?.offlineHeading'), wg, 'focus moves to the workgroup\'s heading once its last message is removed');
    const listed = await request(w.url).get(`${MODERN}/workgroups/${wg}/messages`).set('Authorization', basic(agentName, password)).set('Accept', 'application/json');
    assert.equal(listed.status, 200, listed.text);
    assert.ok(!listed.text.includes(offlineMessage), `the removed message is gone: ${listed.text}`);
  });
});
