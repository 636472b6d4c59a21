import assert from 'node:assert/strict';
import { changedOptions, optionsToSettings, settingsToOptions } from '../../../gateway/muc/room-options.js';
import type { RoomSettings } from '../../../gateway/muc/room-settings.js';

const base: RoomSettings = {
  naturalName: 'Help <desk> & "co" é',
  description: 'Ask us',
  password: '',
  persistent: true,
  publicRoom: true,
  canAnyoneDiscoverJID: false,
  canOccupantsChangeSubject: true,
  canOccupantsInvite: false,
  canChangeNickname: true,
  logEnabled: true,
  membersOnly: false,
  moderated: false,
  broadcastPresenceRoles: ['moderator', 'participant', 'visitor'],
};

describe('muc room options', () => {
  it('when settings are written, then every field lands on the ejabberd 23.01 option that holds it', () => {
    assert.deepEqual(settingsToOptions({ ...base, password: 'pw', maxUsers: 30, allowPM: 'participants' }), {
      title: 'Help <desk> & "co" é',
      description: 'Ask us',
      password: 'pw',
      password_protected: 'true',
      persistent: 'true',
      public: 'true',
      anonymous: 'true',
      allow_change_subj: 'true',
      allow_user_invites: 'false',
      allow_visitor_nickchange: 'true',
      mam: 'true',
      members_only: 'false',
      moderated: 'false',
      presence_broadcast: '[moderator,participant,visitor]',
      max_users: '30',
      allow_private_messages: 'true',
      allow_private_messages_from_visitors: 'nobody',
    });
  });

  it('when maxUsers is 0 or absent and allowPM absent, then ejabberd keeps its own values', () => {
    const o = settingsToOptions({ ...base, maxUsers: 0 });
    assert.equal(o.max_users, undefined);
    assert.equal(o.allow_private_messages, undefined);
    assert.equal(o.password_protected, 'false');
  });

  it('when presence roles are unordered or empty, then the Erlang list is canonical', () => {
    assert.equal(settingsToOptions({ ...base, broadcastPresenceRoles: ['visitor', 'moderator'] }).presence_broadcast, '[moderator,visitor]');
    assert.equal(settingsToOptions({ ...base, broadcastPresenceRoles: [] }).presence_broadcast, '[]');
  });

  for (const allowPM of ['anyone', 'participants', 'moderators', 'none'] as const) {
    it(`when allowPM is ${allowPM}, then it reads back the same`, () => {
      assert.equal(optionsToSettings(settingsToOptions({ ...base, allowPM })).allowPM, allowPM);
    });
  }

  it('when options are written and read back, then the settings round-trip', () => {
    const s: RoomSettings = { ...base, password: 'x', maxUsers: 42, canAnyoneDiscoverJID: true, membersOnly: true, allowPM: 'moderators', broadcastPresenceRoles: ['participant'] };
    assert.deepEqual(optionsToSettings(settingsToOptions(s)), s);
  });

  it('when get_room_options of a fresh 23.01 room is read, then the defaults map as ejabberd means them', () => {
    const fresh = {
      title: '', description: '', allow_change_subj: 'true', allow_private_messages: 'true', allow_private_messages_from_visitors: 'anyone',
      allow_visitor_nickchange: 'true', public: 'true', persistent: 'false', moderated: 'true', members_only: 'false', allow_user_invites: 'false',
      password_protected: 'false', password: '', anonymous: 'true', presence_broadcast: '[moderator,participant,visitor]', max_users: '200', mam: 'true',
    };
    assert.deepEqual(optionsToSettings(fresh), {
      naturalName: '', description: '', password: '', maxUsers: 200, persistent: false, publicRoom: true, canAnyoneDiscoverJID: false,
      canOccupantsChangeSubject: true, canOccupantsInvite: false, canChangeNickname: true, logEnabled: true, membersOnly: false, moderated: true,
      allowPM: 'anyone', broadcastPresenceRoles: ['moderator', 'participant', 'visitor'],
    });
  });

  it('when a password is stored but not protected, then the room reads as having none', () => {
    assert.equal(optionsToSettings({ password: 'stale', password_protected: 'false' }).password, '');
  });

  it('when options are compared, then only the differing ones are to be changed', () => {
    assert.deepEqual(changedOptions({ title: 'a', mam: 'true', extra: 'x' }, { title: 'b', mam: 'true' }), [['title', 'b']]);
  });
});
