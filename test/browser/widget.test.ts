/**
 * The visitor widget in Debian's chromium against the real ejabberd (shared world): a host page
 * of another origin with hostile CSS embeds it with one <script> tag from ofgate; the visitor
 * asks through the pre-chat form and sees its queue position; an agent (driven over the chat
 * API) gets the offer and accepts; messages go both ways; the agent's typing shows; a reload
 * mid-chat resumes with the transcript and the live stream; the chat ends and can be rated;
 * a closed workgroup shows the offline form. Screenshots of each step go to
 * test-artifacts/browser/; axe-core finds no serious violation in each view.
 * Rules: every step waits for what the page shows (no fixed sleeps); every route of
 * docs/pages.md is served, so no step skips or falls back.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import type { Locator, Page } from 'playwright-core';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { API, chatUser, payloadOf, waitEvent, type ChatUser } from '../kit/chat-kit.js';
import { goAvailable, MODERN, workgroup } from '../kit/fastpath-kit.js';
import { unique } from '../kit/unique.js';
import { assertNoSeriousViolations } from './harness/axe-check.js';
import { builtManifest } from './harness/built-pages.js';
import { launchChromium, type Browser } from './harness/chromium.js';
import { hostPage, startHostSite, type HostSite } from './harness/host-site.js';
import { screenshotter } from './harness/screenshots.js';

describe('Visitor widget in chromium (browser e2e, real ejabberd)', function () {
  this.timeout(60_000);
  let w: Stack;
  let browser: Browser;
  let site: HostSite;
  let page: Page;
  let agent: ChatUser;
  let wg: string;
  let widget: Locator;
  let requestId = '';
  const shoot = screenshotter('widget');

  before(async () => {
    builtManifest(); // the pages are built (make build)
    w = await getWorld();
    [browser, site, agent] = await Promise.all([launchChromium(), startHostSite(), chatUser(w, 'wagent')]);
    wg = await workgroup(w, [agent.name], { public: true }, 'wwg');
    await goAvailable(w, agent, wg);
    page = await browser.newPage();
    widget = page.locator('ofgate-chat');
  });
  after(async () => {
    agent?.sse.close();
    await Promise.all([browser?.close(), site?.close()]);
  });

  const session = async (): Promise<{ userId: string; token: string; requestId: string }> => {
    const raw = (await page.evaluate(`(() => { for (let i = 0; i < sessionStorage.length; i++) { const k = sessionStorage.key(i); if (k.startsWith('ofgate-chat:') && !k.endsWith(':open')) return sessionStorage.getItem(k); } return null; })()`)) as string | null;
    assert.ok(raw, 'the widget keeps its session in sessionStorage');
    return JSON.parse(raw) as { userId: string; token: string; requestId: string };
  };

  it('when a host page with hostile CSS embeds the script tag, then the launcher shows, styled by the widget alone, and the page gets no global but the element', async () => {
    await page.goto(site.page('/shop', hostPage(w, wg)));
    const launcher = widget.locator('button.launcher');
    await launcher.waitFor({ state: 'visible' });
    assert.equal(await launcher.textContent(), 'Chat with us');
    const styles = (await page.evaluate(`(() => { const b = document.querySelector('ofgate-chat').shadowRoot.querySelector('button.launcher'); const s = getComputedStyle(b); return { color: s.color, background: s.backgroundColor, font: s.fontFamily }; })()`)) as Record<string, string>;
    assert.equal(styles.color, 'rgb(255, 255, 255)', JSON.stringify(styles));
    assert.equal(styles.background, 'rgb(29, 78, 216)', JSON.stringify(styles));
    assert.doesNotMatch(styles.font ?? '', /^serif$/);
    const globals = (await page.evaluate(`Object.keys(window).filter((k) => /ofgate|OfgateChat/i.test(k))`)) as string[];
    assert.deepEqual(globals, []);
    assert.equal(await page.evaluate('document.cookie'), '');
    await shoot(page, 'launcher');
    await assertNoSeriousViolations(page, 'the page with the launcher');
  });

  it('when the visitor opens it, then the status and the pre-chat form show, focus in the first field; an empty submit names the missing fields', async () => {
    await widget.locator('button.launcher').click();
    assert.equal(await widget.locator('button.launcher').getAttribute('aria-expanded'), 'true');
    const name = widget.getByLabel('Your name');
    await name.waitFor({ state: 'visible' });
    assert.equal(await page.evaluate(`document.querySelector('ofgate-chat').shadowRoot.activeElement?.getAttribute('name')`), 'name');
    await widget.getByRole('button', { name: 'Start chat' }).click();
    await widget.getByRole('alert').filter({ hasText: 'Please fill in' }).waitFor();
    assert.equal(await name.getAttribute('aria-invalid'), 'true');
    await shoot(page, 'pre-chat-form');
    await assertNoSeriousViolations(page, 'the pre-chat form');
  });

  it('when the visitor asks, then it sees its queue position and the agent gets the offer with the question', async () => {
    await widget.getByLabel('Your name').fill('Vera Visitor');
    await widget.getByLabel('Email').fill('vera@example.com');
    await widget.getByLabel('Your question').fill('Where is my parcel?');
    const offer = agent.sse.waitFor((m) => m.event === 'chatapi.assist' && payloadOf(m).type === 'offerReceived' && String(payloadOf(m).workgroup).startsWith(`${wg}@`), 10_000, 'the offer');
    await widget.getByRole('button', { name: 'Start chat' }).click();
    await widget.locator('.position').filter({ hasText: 'You are number 1 in the queue' }).waitFor();
    const o = payloadOf(await offer);
    requestId = String(o.id);
    const kept = await session();
    assert.equal(kept.requestId, requestId);
    assert.ok(kept.userId && kept.token, 'the session holds the visitor\'s id and token');
    assert.match(JSON.stringify(o.metaData), /Where is my parcel\?/);
    await shoot(page, 'queued');
    await assertNoSeriousViolations(page, 'the queue view');
  });

  it('when the agent accepts and joins the room, then the widget enters the chat and shows the agent joined', async () => {
    const accepted = await request(w.url).post(`${API}/chat/${agent.streamId}/offer/${requestId}`).set('Authorization', agent.auth);
    assert.equal(accepted.status, 200, accepted.text);
    await waitEvent(agent, 'chatapi.muc', (p) => p.type === 'invitationReceived' && p.reason === requestId, 'the invitation', 8000);
    const joined = await request(w.url).put(`${API}/chat/${agent.streamId}/rooms/${requestId}`).set('Authorization', agent.auth);
    assert.equal(joined.status, 200, joined.text);
    await widget.locator('.msg.system').filter({ hasText: `${agent.name} joined the chat` }).waitFor();
    await widget.getByLabel('Message').waitFor({ state: 'visible' });
  });

  it('when the agent writes and the visitor answers, then each sees the other\'s message, the visitor\'s own once', async () => {
    const hello = `Hello, I am here to help ${unique('m')}`;
    const sent = await request(w.url).post(`${API}/chat/${agent.streamId}/rooms/${requestId}`).set('Authorization', agent.auth).set('Content-Type', 'text/plain').send(hello);
    assert.equal(sent.status, 200, sent.text);
    await widget.locator('.msg.agent').filter({ hasText: hello }).waitFor();
    const answer = `My parcel ${unique('p')} <b>is late</b>`;
    const got = waitEvent(agent, 'chatapi.muc', (p) => p.type === 'groupchat' && p.body === answer, 'the visitor\'s message', 8000);
    const input = widget.getByLabel('Message');
    await input.fill(answer);
    await input.press('Enter');
    await got;
    await widget.locator('.msg.me').filter({ hasText: answer }).waitFor();
    assert.equal(await widget.locator('.msg.me').count(), 1);
    assert.equal(await widget.locator('.msg b').count(), 0, 'message text is never markup');
    await shoot(page, 'chat');
    await assertNoSeriousViolations(page, 'the conversation');
  });

  it('when the agent types in the room, then the widget shows it typing (chatapi.muc chat states)', async () => {
    const room = `${requestId}@conference.${w.domain}`;
    const res = await request(w.url).post(`${API}/chat/${agent.streamId}/chatstate/composing/${encodeURIComponent(room)}`).set('Authorization', agent.auth);
    assert.equal(res.status, 200, res.text);
    await widget.locator('.typing').filter({ hasText: `${agent.name} is typing` }).waitFor();
    await shoot(page, 'agent-typing');
  });

  it('when the visitor types, then the agent sees its chat state (PUT ask/{userId}/chatstate/{state})', async () => {
    const composing = waitEvent(agent, 'chatapi.muc', (p) => p.type === 'groupchat' && p.state === 'composing' && !String(p.from).endsWith(`/${agent.name}`), 'the visitor composing', 8000);
    await widget.getByLabel('Message').pressSequentially('typing…');
    await composing;
    await widget.getByLabel('Message').fill('');
  });

  it('when the visitor reloads the page mid-chat, then the panel reopens with the transcript and the stream resumes', async () => {
    const before = await widget.locator('.msg').allTextContents();
    await page.reload();
    await widget.locator('.msg.me').first().waitFor();
    assert.deepEqual(await widget.locator('.msg').allTextContents(), before);
    const after = `Still there? ${unique('r')}`;
    const sent = await request(w.url).post(`${API}/chat/${agent.streamId}/rooms/${requestId}`).set('Authorization', agent.auth).set('Content-Type', 'text/plain').send(after);
    assert.equal(sent.status, 200, sent.text);
    await widget.locator('.msg.agent').filter({ hasText: after }).waitFor();
    assert.equal(await widget.locator('.msg').count(), before.length + 1, 'no message twice after the replay');
    await shoot(page, 'after-reload');
  });

  it('when the chat ends, then the widget says so and offers rating, transcript and a new chat', async () => {
    const byAgent = await request(w.url).delete(`${API}/chat/${agent.streamId}/assists/${wg}/chats/${requestId}`).set('Authorization', agent.auth);
    assert.equal(byAgent.status, 200, byAgent.text);
    await widget.getByText('The chat has ended.', { exact: false }).first().waitFor();
    await widget.getByRole('group', { name: 'How was this chat?' }).waitFor();
    await widget.getByRole('button', { name: 'Download transcript' }).waitFor();
    await shoot(page, 'ended');
    await assertNoSeriousViolations(page, 'the end of the chat');
  });

  it('when the visitor rates the chat, then the widget thanks it (POST ask/{userId}/rating)', async () => {
    await widget.getByLabel('4 of 5').check();
    await widget.getByLabel('Comment (optional)').fill('Quick and kind');
    await widget.getByRole('button', { name: 'Send rating' }).click();
    await widget.getByText('Thank you for your rating.').waitFor();
    await shoot(page, 'rated');
  });

  it('when the visitor downloads the transcript, then the file holds both sides of the conversation', async () => {
    const download = page.waitForEvent('download');
    await widget.getByRole('button', { name: 'Download transcript' }).click();
    const file = await download;
    const stream = await file.createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    assert.match(text, /Hello, I am here to help/);
    assert.match(text, /My parcel .* <b>is late<\/b>/);
  });

  describe('a closed workgroup', () => {
    let closedWg: string;
    let offlinePage: Page;
    before(async () => {
      closedWg = await workgroup(w, [agent.name], { public: true, open: false }, 'wclosed');
      offlinePage = await browser.newPage();
    });
    after(async () => {
      await offlinePage?.close();
    });

    it('when the visitor opens the widget (in German), then it gets the offline message form instead of the chat form, and can leave a message', async () => {
      await offlinePage.goto(site.page('/closed', hostPage(w, closedWg, 'data-lang="de"')));
      const wdg = offlinePage.locator('ofgate-chat');
      await wdg.getByRole('button', { name: 'Chatten Sie mit uns' }).click();
      // GET workgroups/{wg} says closed: the panel, once loaded, shows the offline form and never the chat form
      const offline = wdg.getByRole('heading', { name: 'Hinterlassen Sie uns eine Nachricht' });
      await offline.or(wdg.getByLabel('Ihre Frage')).first().waitFor();
      assert.equal(await wdg.getByLabel('Ihre Frage').count(), 0, 'a closed workgroup gets no pre-chat form');
      await offline.waitFor();
      await shoot(offlinePage, 'offline-form');
      await assertNoSeriousViolations(offlinePage, 'the offline form');
      await wdg.getByLabel('Ihr Name').fill('Otto');
      await wdg.getByLabel('E-Mail').fill('otto@example.com');
      await wdg.getByLabel('Nachricht').fill('Bitte rufen Sie mich an.');
      await wdg.getByRole('button', { name: 'Nachricht senden' }).click();
      const sent = wdg.getByText('Danke: Ihre Nachricht wurde gesendet.');
      const failed = wdg.getByRole('alert');
      await sent.or(failed).first().waitFor();
      assert.ok(await sent.isVisible(), `the offline message is taken: ${await failed.allTextContents()}`);
      await shoot(offlinePage, 'offline-sent');
      const listed = await request(w.url).get(`${MODERN}/workgroups/${closedWg}/messages`).set('Authorization', w.secret).set('Accept', 'application/json');
      assert.equal(listed.status, 200, listed.text);
      assert.match(listed.text, /Bitte rufen Sie mich an\./);
    });
  });
});
