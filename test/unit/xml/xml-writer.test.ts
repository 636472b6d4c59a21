import assert from 'node:assert/strict';
import { el, renderXml } from '../../../gateway/xml/index.js';

describe('XML writer', () => {
  it('when text could close the element, then it is escaped and stays one text node', () => {
    const out = renderXml(el('body', {}, "</body><message to='x'>"), false);
    assert.equal(out, "<body>&lt;/body&gt;&lt;message to='x'&gt;</body>");
  });
  it('when a value holds characters XML forbids, then they are dropped', () => {
    assert.equal(renderXml(el('a', { v: 'x\u0000y' }, 'p\u0001q'), false), '<a v="xy">pq</a>');
  });
  it('when an element name is not a valid XML name, then rendering refuses', () => {
    assert.throws(() => renderXml(el('a b')), /invalid XML element name/);
  });
});
