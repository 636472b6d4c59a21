/**
 * XML bodies against entity attacks. Two parts:
 * - the API-wide entity body reader as mounted (gateway/http/read-body.ts: the body read as text,
 *   then parsed by entityBodyTree with xml2js/sax, strict, once the caller is authenticated) never
 *   expands an entity: billion laughs and external entities are
 *   refused (400) without expansion, a bare DOCTYPE is skipped, the predefined entities and
 *   character references work — so its configuration is safe as it is;
 * - click-to-chat's reader (xml-body.ts), table-driven: the original's document is read, and each
 *   hostile shape is a 400 naming the problem.
 */
import assert from 'node:assert/strict';
import express from 'express';
import request from 'supertest';
import { GatewayError } from '../../../gateway/errors/index.js';
import { bodyReaders, entityBodyTree } from '../../../gateway/http/read-body.js';
import { toGatewayError } from '../../../gateway/http/index.js';
import { parseXmlBody, textField } from '../../../gateway/routes/clicktochat/xml-body.js';

const LAUGHS = "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENTITY lol1 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>"
  + "<!ENTITY lol2 '&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;'><!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>]>"
  + '<user><username>&lol3;</username></user>';
const XXE = "<?xml version='1.0'?><!DOCTYPE user [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><user><username>&x;</username></user>";
const PARAMETER = "<?xml version='1.0'?><!DOCTYPE user [<!ENTITY % p SYSTEM 'http://127.0.0.1:9/x.dtd'> %p;]><user><username>x</username></user>";

describe('XML bodies: the API-wide reader (read as text, parsed after authentication)', () => {
  const app = express();
  app.post('/x', ...bodyReaders({ kind: 'entity', entity: { title: 'user', fields: [] } as never }, 65536), (req, res, next) => {
    try {
      res.json({ body: entityBodyTree(req.body) });
    } catch (error) {
      next(error);
    }
  });
  app.use(((err, _req, res, _next) => {
    const { error } = toGatewayError(err);
    res.status(error.status).json({ message: error.message });
  }) as express.ErrorRequestHandler);
  const post = (body: string) => request(app).post('/x').set('Content-Type', 'application/xml').send(body);

  it('when a billion-laughs body comes, then 400 and nothing is expanded', async () => {
    const res = await post(LAUGHS);
    assert.equal(res.status, 400);
    assert.ok(!res.text.includes('lollol'));
  });

  it('when an external entity is referenced, then 400 and no file is read', async () => {
    const res = await post(XXE);
    assert.equal(res.status, 400);
    assert.ok(!res.text.includes('root:'));
  });

  it('when a parameter entity points outside, then nothing is fetched and its text never appears', async () => {
    const res = await post(PARAMETER);
    assert.ok(res.status === 200 || res.status === 400, res.text);
    assert.ok(!res.text.includes('%p'));
  });

  it('when a DOCTYPE comes, even without references, then 400 (no DTD is read at all); predefined entities and character references work', async () => {
    assert.equal((await post('<!DOCTYPE user><user><username>x</username></user>')).status, 400);
    const plain = await post('<user><username>a&amp;b&#x41;&lt;</username></user>');
    assert.equal(plain.status, 200);
    assert.deepEqual(plain.body, { body: { user: { username: 'a&bA<' } } });
  });
});

describe('XML bodies: click-to-chat\'s reader', () => {
  it('when the original\'s document comes (any root, declaration, whitespace, CDATA), then its fields are read as sent', async () => {
    const root = await parseXmlBody("\uFEFF<?xml version='1.0' encoding='UTF-8'?>\n<x>\n  <username>my_client</username>\n  <password><![CDATA[p<&>]]> x</password>\n</x>\n");
    assert.equal(textField(root, 'username'), 'my_client');
    assert.equal(textField(root, 'password'), 'p<&> x');
    assert.equal(textField(await parseXmlBody('<username>alone</username>'), 'username'), 'alone');
    assert.equal(textField(await parseXmlBody('<a><b><username>deep</username></b></a>'), 'username'), 'deep');
  });

  const REFUSED: ReadonlyArray<readonly [string, string, RegExp]> = [
    ['an empty body', '  \n', /^body: an XML document is required$/],
    ['a DOCTYPE', '<!DOCTYPE x><x><username>a</username></x>', /^body: a DOCTYPE declaration is not accepted$/],
    ['billion laughs', LAUGHS, /DOCTYPE/],
    ['an external entity', XXE, /DOCTYPE/],
    ['a lower-case doctype', '<!doctype x><x/>', /DOCTYPE/],
    ['an ENTITY outside a DOCTYPE', "<x><!ENTITY a 'b'></x>", /^body: an entity declaration is not accepted$/],
    ['an undeclared entity', '<x><username>&a;</username></x>', /^body: malformed XML: Invalid character entity/],
    ['an unclosed element', '<x><username>a</x>', /^body: malformed XML: Unexpected close tag \(line 1\)$/],
    ['two roots', '<x/><y/>', /^body: exactly one root element expected$/],
    ['text beside the root', '<x/>tail', /^body: text outside the root element$/],
    ['form data', 'username=a&password=b', /^body: (malformed XML|text outside the root element)/],
  ];
  for (const [what, body, message] of REFUSED) {
    it(`when the body is ${what}, then 400: ${message.source}`, async () => {
      await assert.rejects(parseXmlBody(body), (e: GatewayError) => e.status === 400 && message.test(e.message));
    });
  }

  const FIELDS: ReadonlyArray<readonly [string, string, RegExp]> = [
    ['missing', '<x><password>p</password></x>', /^username: missing$/],
    ['given twice', '<x><username>a</username><y><username>b</username></y></x>', /^username: given more than once$/],
    ['empty', '<x><username/></x>', /^username: empty$/],
    ['empty with an open and close tag', '<x><username></username></x>', /^username: empty$/],
    ['mixed content', '<x><username>a<b/>c</username></x>', /^username: must hold text only \(mixed content\)$/],
    ['an element named like a text node', '<x><username><__text__>a</__text__></username></x>', /mixed content/],
  ];
  for (const [what, body, message] of FIELDS) {
    it(`when username is ${what}, then 400: ${message.source}`, async () => {
      const root = await parseXmlBody(body);
      assert.throws(() => textField(root, 'username'), (e: GatewayError) => e.status === 400 && message.test(e.message) && e.resource === 'username');
    });
  }

  it('when a malformed body echoes, then only the parser\'s position is told, never the input', async () => {
    await assert.rejects(parseXmlBody('<x><secret-password-here'), (e: GatewayError) => e.status === 400 && !e.message.includes('secret-password'));
  });
});
