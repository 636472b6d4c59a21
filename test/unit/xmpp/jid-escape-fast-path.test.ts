/**
 * The escaping fast path (gateway/xmpp/jid-escape-fast-path.ts) gives @xmpp/jid's own result for
 * every local part: parsed, built from parts, and set explicitly escaped.
 */
import assert from 'node:assert/strict';
import { jid } from '@xmpp/client';
import { installJidEscapeFastPath } from '../../../gateway/xmpp/jid-escape-fast-path.js';

const locals = [
  'alice', 'Alice', 'ALICE.Smith_1', 'visitor.3f9a', 'émile', 'Σίσυφος', '', 'a b', 'd\'artagnan', 'tom&jerry',
  'a/b', 'a:b', '<x>', 'x@y', 'back\\slash', 'already\\20escaped', 'c\\3a\\5c', 'mixed\\20 raw', '"q"', '12345',
];

describe('@xmpp/jid escaping fast path', () => {
  const original = installJidEscapeFastPath();
  const JID = (jid as unknown as { JID: new (l: string, d: string, r?: string) => { _local: string; toString(): string } }).JID;
  const viaOriginal = (local: string, escape?: boolean): string => {
    const j = new JID('x', 'example.org');
    original.call(j as { _local: string }, local, escape);
    return j._local;
  };

  it('when installed twice, then the library code it falls back to stays the same', () => {
    assert.equal(installJidEscapeFastPath(), original);
  });

  for (const local of locals) {
    it(`when the local part is ${JSON.stringify(local)}, then the patched parse equals the library's`, () => {
      assert.equal(new JID(local, 'Example.org')._local, viaOriginal(local));
      assert.equal(new JID(local, 'example.org', 'r')._local, viaOriginal(local));
      if (!/[@/]/.test(local)) assert.equal(jid(`${local}@example.org/res`).toString(), `${viaOriginal(local) ? `${viaOriginal(local)}@` : ''}example.org/res`);
      const forced = new JID('x', 'example.org');
      (forced as unknown as { setLocal(l: string, e: boolean): void }).setLocal(local, true);
      assert.equal(forced._local, viaOriginal(local, true));
    });
  }
});
