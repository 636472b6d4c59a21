/**
 * The Fastpath visitor and agent entities in ofchat's mapped JSON, modern JSON and XML: exact
 * renderings of each, single-item and empty lists, absent fields, hostile and non-ASCII text, and
 * a round trip through every form (XML through the same xml2js options as the body reader).
 */
import assert from 'node:assert/strict';
import { parseStringPromise } from 'xml2js';
import {
  agentWorkgroupsEntity, askQueueEntity, assistEntity, assistQueuesEntity, entityToJson, entityToXml, parseEntity, xmlTreeToPlain,
  type EntityDef,
} from '../../../gateway/entities/index.js';
import { renderXml } from '../../../gateway/xml/index.js';

type Plain = Record<string, unknown>;

const HOSTILE = `O'Brien "Zoë" <b>&amp; 日本 😀`;
const JOINED = '2024-05-01T10:00:00.000Z';
const JOINED_MS = Date.parse(JOINED);

/** What the gateway reads back from a rendered body, per form (XML as read-body.ts parses it). */
async function readBack(def: EntityDef, value: Plain, form: 'ofchat' | 'modern' | 'xml'): Promise<Plain> {
  if (form !== 'xml') return parseEntity(def, JSON.parse(JSON.stringify(entityToJson(def, value, form))));
  const tree: unknown = await parseStringPromise(renderXml(entityToXml(def, value)), {
    explicitArray: false, normalize: false, normalizeTags: false, trim: true, explicitRoot: true,
  });
  return parseEntity(def, xmlTreeToPlain(tree));
}

const fullAssist = {
  nickname: HOSTILE, userID: 'visitor-1', emailAddress: 'zoë@example.com', agent: 'alice', question: HOSTILE,
  product: 'Widget', company: 'ACME & Sons', state: 'NRW', country: 'Deutschland', workgroup: 'sales',
  url: 'https://example.com/meet/abc123', groupchat: 'abc123@conference.example.com', message: 'Please join me for a chat.',
  sender: 'sales@workgroup.example.com', priority: 5, identity: 'user-42', identityHash: 'ab12', requestId: 'abc123',
  token: 'tok.en', position: 2, estimatedWait: 30,
};

const queuedAsk = {
  workgroupJID: 'sales@workgroup.example.com', inQueue: true, available: true, queuePosition: 2, queueRemainingTime: 30,
  workgroup: 'sales', requestId: 'abc123', stage: 'queued', position: 2, estimatedWait: 30,
};

const oneWorkgroup = {
  workgroup: ['sales@workgroup.example.com'],
  agentWorkgroup: [{ jid: 'sales@workgroup.example.com', name: 'sales', available: false, chats: 0 }],
};

const oneQueue = {
  queue: [{
    name: 'sales', status: 'open', averageWaitTime: -1, oldestEntry: JOINED,
    users: [{ userID: HOSTILE, queuePosition: 0, estimatedTime: 15, joinDate: JOINED, requestId: 'abc123' }],
    maxChats: 4, currentChats: 1, jid: 'sales@workgroup.example.com', userCount: 1,
  }],
};

describe('Fastpath entities', () => {
  describe('assist', () => {
    it('when the answer is rendered, then ofchat gives every field as a string and modern gives numbers', () => {
      const ofchat = entityToJson(assistEntity, fullAssist, 'ofchat');
      assert.deepEqual(ofchat, { ...fullAssist, priority: '5', position: '2', estimatedWait: '30' });
      assert.deepEqual(entityToJson(assistEntity, fullAssist, 'modern'), fullAssist);
      // ofchat's fields first, in AssistEntity's order; ofgate's after
      assert.deepEqual(Object.keys(ofchat), [
        'nickname', 'userID', 'emailAddress', 'agent', 'question', 'product', 'company', 'state', 'country', 'workgroup',
        'url', 'groupchat', 'message', 'sender', 'priority', 'identity', 'identityHash', 'requestId', 'token', 'position', 'estimatedWait',
      ]);
    });

    it('when optional fields are missing or null, then every form leaves them out', () => {
      const ask = { workgroup: 'sales', userID: 'zoë', emailAddress: 'z@example.com', question: HOSTILE, priority: 5, nickname: null, url: undefined };
      const expected = { userID: 'zoë', emailAddress: 'z@example.com', question: HOSTILE, workgroup: 'sales' };
      assert.deepEqual(entityToJson(assistEntity, ask, 'ofchat'), { ...expected, priority: '5' });
      assert.deepEqual(entityToJson(assistEntity, ask, 'modern'), { ...expected, priority: 5 });
      assert.equal(
        renderXml(entityToXml(assistEntity, ask)),
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><assist><userID>zoë</userID><emailAddress>z@example.com</emailAddress>'
        + '<question>O\'Brien "Zoë" &lt;b&gt;&amp;amp; 日本 😀</question><workgroup>sales</workgroup><priority>5</priority></assist>',
      );
    });

    it('when a client sends POST ask in the ofchat, modern or root-wrapped form, then all read the same', () => {
      const expected = { userID: 'v1', emailAddress: 'v@example.com', question: HOSTILE, workgroup: 'sales', priority: 3 };
      assert.deepEqual(parseEntity(assistEntity, { workgroup: 'sales', userID: 'v1', emailAddress: 'v@example.com', question: HOSTILE, priority: '3' }), expected);
      assert.deepEqual(parseEntity(assistEntity, { workgroup: 'sales', userID: 'v1', emailAddress: 'v@example.com', question: HOSTILE, priority: 3 }), expected);
      assert.deepEqual(parseEntity(assistEntity, { assist: { workgroup: 'sales', userID: 'v1', emailAddress: 'v@example.com', question: HOSTILE, priority: 3 } }), expected);
    });

    it('when input fields are null, false or unknown, then they count as absent', () => {
      const parsed = parseEntity(assistEntity, { workgroup: 'sales', userID: 'v1', nickname: null, agent: false, priority: null, color: 'blue' });
      assert.deepEqual(parsed, { workgroup: 'sales', userID: 'v1' });
    });

    it('when priority is not an integer, then a 400 names the field', () => {
      assert.throws(() => parseEntity(assistEntity, { workgroup: 'sales', priority: 'high' }),
        (e: Error & { status?: number }) => e.status === 400 && /assist\.priority: expected an integer/.test(e.message));
    });
  });

  describe('queue (AskQueue)', () => {
    it('when a queued visitor is rendered, then ofchat quotes scalars and modern keeps booleans and numbers', () => {
      assert.deepEqual(entityToJson(askQueueEntity, queuedAsk, 'ofchat'), {
        workgroupJID: 'sales@workgroup.example.com', inQueue: 'true', available: 'true', queuePosition: '2', queueRemainingTime: '30',
        workgroup: 'sales', requestId: 'abc123', stage: 'queued', position: '2', estimatedWait: '30',
      });
      assert.deepEqual(entityToJson(askQueueEntity, queuedAsk, 'modern'), queuedAsk);
    });

    it('when the visitor is in the room, then false and -1 are kept and the absent position is left out', () => {
      const inRoom = {
        workgroupJID: 'sales@workgroup.example.com', inQueue: false, available: true, queuePosition: -1, queueRemainingTime: -1,
        workgroup: 'sales', requestId: 'abc123', stage: 'room', room: 'abc123@conference.example.com',
      };
      assert.deepEqual(entityToJson(askQueueEntity, inRoom, 'ofchat'), {
        workgroupJID: 'sales@workgroup.example.com', inQueue: 'false', available: 'true', queuePosition: '-1', queueRemainingTime: '-1',
        workgroup: 'sales', requestId: 'abc123', stage: 'room', room: 'abc123@conference.example.com',
      });
      assert.equal(
        renderXml(entityToXml(askQueueEntity, inRoom)),
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><queue><workgroupJID>sales@workgroup.example.com</workgroupJID>'
        + '<inQueue>false</inQueue><available>true</available><queuePosition>-1</queuePosition><queueRemainingTime>-1</queueRemainingTime>'
        + '<workgroup>sales</workgroup><requestId>abc123</requestId><stage>room</stage><room>abc123@conference.example.com</room></queue>',
      );
    });
  });

  describe('workgroups', () => {
    it('when the agent has one workgroup, then ofchat gives a bare JID string and an object beside it, modern gives arrays', () => {
      assert.deepEqual(entityToJson(agentWorkgroupsEntity, oneWorkgroup, 'ofchat'), {
        workgroup: 'sales@workgroup.example.com',
        agentWorkgroup: { jid: 'sales@workgroup.example.com', name: 'sales', available: 'false', chats: '0' },
      });
      assert.deepEqual(entityToJson(agentWorkgroupsEntity, oneWorkgroup, 'modern'), {
        workgroups: ['sales@workgroup.example.com'],
        agentWorkgroups: [{ jid: 'sales@workgroup.example.com', name: 'sales', available: false, chats: 0 }],
      });
    });

    it('when the agent has two workgroups, then ofchat gives JID strings in an array', () => {
      const two = { workgroup: ['a@workgroup.example.com', 'b@workgroup.example.com'] };
      assert.deepEqual(entityToJson(agentWorkgroupsEntity, two, 'ofchat'), { workgroup: ['a@workgroup.example.com', 'b@workgroup.example.com'] });
      assert.equal(
        renderXml(entityToXml(agentWorkgroupsEntity, two)),
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workgroups><workgroup>a@workgroup.example.com</workgroup>'
        + '<workgroup>b@workgroup.example.com</workgroup></workgroups>',
      );
    });

    it('when the agent has no workgroup, then ofchat gives {} and modern empty arrays', () => {
      const none = { workgroup: [], agentWorkgroup: [] };
      assert.deepEqual(entityToJson(agentWorkgroupsEntity, none, 'ofchat'), {});
      assert.deepEqual(entityToJson(agentWorkgroupsEntity, none, 'modern'), { workgroups: [], agentWorkgroups: [] });
      assert.equal(renderXml(entityToXml(agentWorkgroupsEntity, none)), '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workgroups/>');
    });
  });

  describe('queues', () => {
    it('when one queue holds one visitor, then ofchat nests single objects with dates as ISO text, modern arrays with epoch ms', () => {
      assert.deepEqual(entityToJson(assistQueuesEntity, oneQueue, 'ofchat'), {
        queue: {
          name: 'sales', status: 'open', averageWaitTime: '-1', oldestEntry: JOINED,
          users: { user: { userID: HOSTILE, queuePosition: '0', estimatedTime: '15', joinDate: JOINED, requestId: 'abc123' } },
          maxChats: '4', currentChats: '1', jid: 'sales@workgroup.example.com', userCount: '1',
        },
      });
      assert.deepEqual(entityToJson(assistQueuesEntity, oneQueue, 'modern'), {
        queues: [{
          name: 'sales', status: 'open', averageWaitTime: -1, oldestEntry: JOINED_MS,
          users: [{ userID: HOSTILE, queuePosition: 0, estimatedTime: 15, joinDate: JOINED_MS, requestId: 'abc123' }],
          maxChats: 4, currentChats: 1, jid: 'sales@workgroup.example.com', userCount: 1,
        }],
      });
    });

    it('when a queue is empty, then ofchat leaves users and oldestEntry out, modern keeps users [], XML an empty wrapper', () => {
      const empty = { queue: [{ name: 'sales', status: 'closed', averageWaitTime: 12, users: [], maxChats: 4, currentChats: 0, userCount: 0 }] };
      assert.deepEqual(entityToJson(assistQueuesEntity, empty, 'ofchat'), {
        queue: { name: 'sales', status: 'closed', averageWaitTime: '12', maxChats: '4', currentChats: '0', userCount: '0' },
      });
      assert.deepEqual(entityToJson(assistQueuesEntity, empty, 'modern'), {
        queues: [{ name: 'sales', status: 'closed', averageWaitTime: 12, users: [], maxChats: 4, currentChats: 0, userCount: 0 }],
      });
      assert.equal(
        renderXml(entityToXml(assistQueuesEntity, empty)),
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><queues><queue><name>sales</name><status>closed</status>'
        + '<averageWaitTime>12</averageWaitTime><users/><maxChats>4</maxChats><currentChats>0</currentChats><userCount>0</userCount></queue></queues>',
      );
    });

    it('when the agent is online in no workgroup, then ofchat gives {} and modern queues []', () => {
      assert.deepEqual(entityToJson(assistQueuesEntity, { queue: [] }, 'ofchat'), {});
      assert.deepEqual(entityToJson(assistQueuesEntity, { queue: [] }, 'modern'), { queues: [] });
    });
  });

  describe('round trip', () => {
    const twoQueues = {
      queue: [
        oneQueue.queue[0],
        { name: 'support', status: 'closed', averageWaitTime: 40, users: [
          { userID: 'a', queuePosition: 0, estimatedTime: 40, joinDate: JOINED },
          { userID: 'b', queuePosition: 1, estimatedTime: 80, joinDate: JOINED },
        ], maxChats: 2, currentChats: 0 },
      ],
    };
    const cases: Array<[string, EntityDef, Plain]> = [
      ['assist (answer)', assistEntity, fullAssist],
      ['queue (AskQueue)', askQueueEntity, queuedAsk],
      ['workgroups, one item', agentWorkgroupsEntity, oneWorkgroup],
      ['workgroups, two items', agentWorkgroupsEntity, {
        workgroup: ['a@workgroup.example.com', 'b@workgroup.example.com'],
        agentWorkgroup: [{ jid: 'a@workgroup.example.com', name: 'a', available: true, chats: 2 }, { jid: 'b@workgroup.example.com', name: 'b', available: false, chats: 0 }],
      }],
      ['queues, one queue with one visitor', assistQueuesEntity, oneQueue],
      ['queues, two queues', assistQueuesEntity, twoQueues],
    ];
    for (const [name, def, value] of cases) {
      for (const form of ['ofchat', 'modern', 'xml'] as const) {
        it(`when ${name} is rendered as ${form} and read back, then the value is unchanged`, async () => {
          assert.deepEqual(await readBack(def, value, form), value);
        });
      }
    }

    it('when an empty users list goes through ofchat JSON, then it comes back absent (modern and XML keep [])', async () => {
      const empty = { queue: [{ name: 'sales', status: 'open', users: [] }] };
      assert.deepEqual(await readBack(assistQueuesEntity, empty, 'ofchat'), { queue: [{ name: 'sales', status: 'open' }] });
      assert.deepEqual(await readBack(assistQueuesEntity, empty, 'modern'), empty);
      assert.deepEqual(await readBack(assistQueuesEntity, empty, 'xml'), empty);
    });
  });
});
