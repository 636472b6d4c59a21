/** The chat API routes (ofchat's chat/*): streams, messages, contacts, users, rooms. */
import type { RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';
import { chatContactRoutes } from './chat-contact-routes.js';
import { chatMessageRoutes } from './chat-message-routes.js';
import { chatRoomDirectoryRoutes } from './chat-room-directory-routes.js';
import { chatRoomRoutes } from './chat-room-routes.js';
import { chatSessionRoutes } from './chat-session-routes.js';
import { chatUserRoutes } from './chat-user-routes.js';

export function chatRoutes(s: RouteServices): RouteSpec[] {
  // the directory first: its literal /chat/rooms/… must win over /chat/{streamid}/… and /chat/{username}/…
  return [...chatRoomDirectoryRoutes(s), ...chatUserRoutes(s), ...chatSessionRoutes(s), ...chatMessageRoutes(s), ...chatContactRoutes(s), ...chatRoomRoutes(s)];
}
