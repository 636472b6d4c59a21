/**
 * What the room conformance files (conformance-rooms*.test.ts) do against the shared world: the
 * plugin's base paths, secret-authenticated requests in either format, fresh users, rooms and
 * groups made through the API, room affiliations read back from ejabberd, and XMPP clients
 * (kept in `clients`, which the caller stops after its cases).
 */
import request from 'supertest';
import type { Stack } from '../harness/start-stack.js';
import { unique } from './unique.js';
import { connectXmpp, ejabberdApi, registerUser, type TestXmpp } from './xmpp-test-client.js';

export const MODERN = '/plugins/restapi/v1';
export const OFCHAT = '/restapi/v1';
export const BOTH = [MODERN, OFCHAT] as const;
export const NS_MUC_USER = 'http://jabber.org/protocol/muc#user';

/** `world()`: the shared world, read when a helper runs (it exists only once the `before` hook ran). */
export function roomConformanceKit(world: () => Stack, clients: TestXmpp[]) {
  const service = (): string => `conference.${world().domain}`;
  const http = () => request(world().url);
  const json = (req: request.Test) => req.set('Authorization', world().secret).set('Accept', 'application/json');
  const newUser = async (prefix = 'cr'): Promise<string> => {
    const u = unique(prefix);
    await registerUser(world().ej.apiUrl, world().domain, u, 'pw');
    return u;
  };
  return {
    service,
    http,
    json,
    newUser,
    api: <T = unknown>(command: string, args: Record<string, unknown>) => ejabberdApi<T>(world().ej.apiUrl, command, args),
    jid: (user: string): string => `${user}@${world().domain}`,
    /** Affiliations of a room as `user@domain=affiliation`, sorted. */
    held: async (name: string): Promise<string[]> =>
      (await ejabberdApi<Array<{ username: string; domain: string; affiliation: string }>>(world().ej.apiUrl, 'get_room_affiliations', { name, service: service() }))
        .map((a) => `${a.username}@${a.domain}=${a.affiliation}`).sort(),
    newRoom: async (body: Record<string, unknown> = {}): Promise<string> => {
      const room = unique('room');
      await json(http().post(`${MODERN}/chatrooms`)).send({ roomName: room, naturalName: room, description: 'd', persistent: true, ...body }).expect(201);
      return room;
    },
    newGroup: async (members: readonly string[]): Promise<string> => {
      const g = unique('cg');
      await json(http().post(`${MODERN}/groups`)).send({ name: g, members }).expect(201);
      return g;
    },
    online: async (username: string): Promise<TestXmpp> => {
      const c = await connectXmpp({ service: world().ej.xmppService, domain: world().domain, username, password: 'pw' });
      clients.push(c);
      return c;
    },
  };
}
