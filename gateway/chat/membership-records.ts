/**
 * The presence and rooms each chat stream announced, kept in the store (`chatMembership/<user>`)
 * in shared mode, so the instance that takes a stream over (its owner died) announces the same
 * presence and re-joins the same rooms. One instance keeps them in memory (the pool's default).
 */
import type { Store } from '../store/index.js';
import type { Membership, MembershipStore } from '../xmpp/index.js';

export function createStoreMembershipStore(store: Store): MembershipStore {
  const records = store.collection<Membership>('chatMembership');
  return {
    load: (username) => records.get(username),
    save: (username, m) => records.put(username, m),
    drop: async (username) => {
      await records.delete(username);
    },
  };
}
