import assert from 'node:assert/strict';
import { toRoomAffiliations } from '../../../../gateway/ejabberd/results/room-affiliations.js';
import { optionsToRecord, recordToOptions } from '../../../../gateway/ejabberd/results/room-options.js';

describe('room results', () => {
  it('when get_room_options answers pairs, then they become a record; no pairs means no room', () => {
    assert.deepEqual(optionsToRecord([{ name: 'title', value: 'T' }, { name: 'persistent', value: 'true' }]), { title: 'T', persistent: 'true' });
    assert.equal(optionsToRecord([]), undefined);
  });

  it('when options are sent, then they become option tuples', () => {
    assert.deepEqual(recordToOptions({ title: 'T' }), { element: 'option', items: [{ name: 'title', value: 'T' }] });
  });

  it('when affiliations are read, then username and domain form a bare JID and unknown affiliations are dropped', () => {
    assert.deepEqual(
      toRoomAffiliations([
        { username: 'a', domain: 'x', affiliation: 'owner' },
        { username: '', domain: 'server.x', affiliation: 'outcast' },
        { username: 'b', domain: 'x', affiliation: 'weird' },
      ]),
      [
        { jid: 'a@x', affiliation: 'owner' },
        { jid: 'server.x', affiliation: 'outcast' },
      ],
    );
  });
});
