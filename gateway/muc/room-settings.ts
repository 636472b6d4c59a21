/**
 * A chat room as the Openfire REST API describes it (MUCRoomEntity), split by where each part
 * lives: RoomSettings are ejabberd room options; RoomExtras are kept by ofgate because
 * ejabberd 23.01 has no option for them (or no command to read them).
 * References: Openfire REST API plugin MUCRoomEntity; ofchat MUCRoomController.createRoom.
 */

export type AllowPm = 'anyone' | 'participants' | 'moderators' | 'none';
export const ALLOW_PM: readonly AllowPm[] = ['anyone', 'participants', 'moderators', 'none'];

export type PresenceRole = 'moderator' | 'participant' | 'visitor';
export const PRESENCE_ROLES: readonly PresenceRole[] = ['moderator', 'participant', 'visitor'];

export type AffiliationKind = 'owner' | 'admin' | 'member' | 'outcast';
export const AFFILIATION_KINDS: readonly AffiliationKind[] = ['owner', 'admin', 'member', 'outcast'];

/** What ejabberd stores as room options. */
export interface RoomSettings {
  readonly naturalName: string;
  readonly description: string;
  /** '' = no password. */
  readonly password: string;
  /** 0 or absent = keep ejabberd's value (the service's max_users by default). */
  readonly maxUsers?: number | undefined;
  readonly persistent: boolean;
  readonly publicRoom: boolean;
  readonly canAnyoneDiscoverJID: boolean;
  readonly canOccupantsChangeSubject: boolean;
  readonly canOccupantsInvite: boolean;
  readonly canChangeNickname: boolean;
  readonly logEnabled: boolean;
  readonly membersOnly: boolean;
  readonly moderated: boolean;
  /** Absent = keep ejabberd's value (the entity field is modern-only). */
  readonly allowPM?: AllowPm | undefined;
  readonly broadcastPresenceRoles: readonly PresenceRole[];
}

/** What ofgate remembers about a room (collection roomMeta). */
export interface RoomExtras {
  readonly subject?: string | undefined;
  readonly registrationEnabled?: boolean | undefined;
  readonly loginRestrictedToNickname?: boolean | undefined;
  readonly creationDate?: string | undefined;
  readonly modificationDate?: string | undefined;
}

export type AffiliationLists = Readonly<Record<AffiliationKind, readonly string[]>>;

/** A whole room, as read back. */
export interface RoomView extends RoomSettings, RoomExtras {
  readonly roomName: string;
  readonly affiliations: AffiliationLists;
  readonly groups: AffiliationLists;
}

/** A room as a client asks for it (create or overwrite). */
export interface RoomRequest {
  readonly roomName: string;
  readonly settings: RoomSettings;
  readonly subject?: string | undefined;
  readonly registrationEnabled: boolean;
  readonly loginRestrictedToNickname: boolean;
  readonly creationDate?: string | undefined;
  readonly modificationDate?: string | undefined;
  /** JIDs per affiliation (owners already defaulted). */
  readonly affiliations: AffiliationLists;
  /** Shared roster groups per affiliation (their members get the affiliation). */
  readonly groups: AffiliationLists;
}
