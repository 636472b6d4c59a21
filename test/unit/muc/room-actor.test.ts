import assert from 'node:assert/strict';
import { chooseActor } from '../../../gateway/muc/room-actor.js';
import type { RoomAffiliation } from '../../../gateway/ejabberd/index.js';

const aff = (jid: string, affiliation: RoomAffiliation['affiliation']): RoomAffiliation => ({ jid, affiliation });

describe('muc chooseActor', () => {
  it('when the room is open, then the admin reads its archive', () => {
    assert.equal(chooseActor('read', { members_only: 'false' }, [aff('bob@d', 'owner')], 'd', 'admin'), 'admin');
  });

  it('when the room is members-only, then a local affiliated account reads it, the admin first', () => {
    assert.equal(chooseActor('read', { members_only: 'true' }, [aff('bob@other', 'owner'), aff('carol@d', 'member')], 'd', 'admin'), 'carol');
    assert.equal(chooseActor('read', { members_only: 'true' }, [aff('carol@d', 'member'), aff('admin@d', 'admin')], 'd', 'admin'), 'admin');
    assert.equal(chooseActor('read', { members_only: 'true' }, [aff('bob@other', 'owner')], 'd', 'admin'), undefined);
  });

  it('when the admin is an outcast of an open room, then another local account is used', () => {
    assert.equal(chooseActor('read', {}, [aff('admin@d', 'outcast'), aff('x@d', 'owner')], 'd', 'admin'), 'x');
  });

  it('when the subject is to change, then a local owner or admin does it, or the admin if occupants may', () => {
    assert.equal(chooseActor('moderate', { allow_change_subj: 'false' }, [aff('m@d', 'member'), aff('o@d', 'owner')], 'd', 'admin'), 'o');
    assert.equal(chooseActor('moderate', { allow_change_subj: 'true' }, [aff('m@d', 'member')], 'd', 'admin'), 'admin');
    assert.equal(chooseActor('moderate', { allow_change_subj: 'false' }, [aff('m@d', 'member')], 'd', 'admin'), undefined);
  });
});
