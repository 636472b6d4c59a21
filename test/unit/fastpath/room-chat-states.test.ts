/**
 * Typing in a support room as SSE sees it: a groupchat chat state (XEP-0085 in a MUC) becomes
 * `chatapi.muc {type:'groupchat', to, from, state}` for the other occupants, the room's echo of
 * the receiver's own state makes no event, and a groupchat message with a body and a state
 * gives the message and the state.
 */
import assert from 'node:assert/strict';
import { stanzaEvents } from '../../../gateway/chat/index.js';
import type { ChatEvent } from '../../../gateway/sse/index.js';
import { parseStanzaText, readStanza } from '../../../gateway/xmpp/index.js';

const NS = 'http://jabber.org/protocol/chatstates';
const ROOM = 'r1abc@conference.localhost';
const eventsOf = (xmlText: string): ChatEvent[] => {
  const s = readStanza(parseStanzaText(xmlText));
  assert.ok(s);
  return stanzaEvents(s);
};
const muc = (events: ChatEvent[]) => events.filter((e) => e.name === 'chatapi.muc').map((e) => e.data);

describe('support room chat states → SSE', () => {
  const states: Array<[string, string, string, unknown[]]> = [
    ['the agent types, seen by the visitor', 'alice', 'fpv-ann1@localhost/web', [{ type: 'groupchat', to: 'fpv-ann1@localhost/web', from: `${ROOM}/alice`, state: 'composing' }]],
    ['the visitor types, seen by the agent', 'fpv-ann1', 'alice@localhost/console', [{ type: 'groupchat', to: 'alice@localhost/console', from: `${ROOM}/fpv-ann1`, state: 'composing' }]],
    ['the room echoes the agent\'s own state back to it', 'alice', 'alice@localhost/console', []],
    ['the room echoes it with another case in the nick', 'Alice', 'alice@localhost/console', []],
  ];
  for (const [what, nick, to, want] of states) {
    it(`when ${what}, then ${want.length === 0 ? 'no chatapi.muc event' : 'chatapi.muc groupchat with the state'}`, () => {
      const events = eventsOf(`<message type='groupchat' from='${ROOM}/${nick}' to='${to}'><composing xmlns='${NS}'/></message>`);
      assert.deepEqual(muc(events), want);
      assert.deepEqual(events.filter((e) => e.name === 'chatapi.chat'), [], 'never a 1:1 chat event');
    });
  }

  it('when a room message carries a body and a state, then both the message and the state are events', () => {
    const events = eventsOf(`<message type='groupchat' from='${ROOM}/alice' to='fpv-ann1@localhost/web'><body>hi</body><active xmlns='${NS}'/></message>`);
    assert.deepEqual(muc(events).map((d) => [d.body, d.state]), [['hi', undefined], [undefined, 'active']]);
  });
});
