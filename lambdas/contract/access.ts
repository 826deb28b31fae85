/**
 * Who may do what in a room (issue 16): visibility, roles, membership of private rooms and direct messages, and
 * moderation (removals, mutes, the audit log). The routes that use these schemas are in http.ts, the `removed`
 * frame in websocket.ts.
 */
import * as v from 'valibot';
import { errorCode } from './error-code';
import { NameSchema, RoomIdSchema, TimestampSchema } from './fields';
import { limits } from './limits';

export const VISIBILITIES = ['public', 'private'] as const;

export const VisibilitySchema = v.pipe(
  v.picklist(VISIBILITIES, 'visibility must be "public" or "private"'),
  errorCode('invalid_request'),
  v.description(
    'Who sees the room: "public" anyone (the default); "private" only its members (accounts), to whom alone it exists: anyone else gets 404 `room_not_found` for it everywhere.',
  ),
  v.examples(['private']),
);
export type Visibility = v.InferOutput<typeof VisibilitySchema>;

export const RoomKindSchema = v.pipe(
  v.picklist(['room', 'dm']),
  v.description(
    '"dm": a direct message, the private room of exactly two accounts (POST /dms); "room" otherwise.',
  ),
);
export type RoomKind = v.InferOutput<typeof RoomKindSchema>;

export const ROLES = ['owner', 'moderator', 'member'] as const;

export const RoleSchema = v.pipe(
  v.picklist(ROLES),
  v.description(
    'A person’s role in a room: "owner" (the account that created it: makes moderators), "moderator" (deletes any message, removes and mutes people, manages members), "member" (a private room’s member: may read and post). The deployment’s admins moderate every public room and the lobby without a role here.',
  ),
  v.examples(['moderator']),
);
export type Role = v.InferOutput<typeof RoleSchema>;

/** What PUT …/members/{name} may set: the owner is who created the room, never given. */
export const GrantedRoleSchema = v.pipe(
  v.picklist(['member', 'moderator'], 'role must be "member" or "moderator"'),
  errorCode('invalid_request'),
  v.description(
    'The role to give: "member" (private rooms only; the default there) or "moderator" (only the owner, or an admin in a public room, may give it; the default in a public room).',
  ),
);

/** PUT /rooms/{roomId}/members/{name}: the body is optional (`{}` or none). */
export const PutMemberBodySchema = v.pipe(
  v.object({ role: v.optional(GrantedRoleSchema) }),
  v.examples([{}, { role: 'moderator' }]),
);
export type PutMemberBody = v.InferOutput<typeof PutMemberBodySchema>;

/** A person named in a path: a member's or a moderator's is an account's username; a removal's may be a guest's. */
export const PersonNameSchema = v.pipe(
  NameSchema,
  v.description(
    'A person’s name: for a role, an account’s username (a guest cannot be a member or moderator); for a removal or a mute, anyone’s.',
  ),
);

export const MemberPathSchema = v.object({ roomId: RoomIdSchema, name: PersonNameSchema });

export const exampleRoomPerson = {
  name: 'Grace',
  role: 'moderator' as const,
  addedBy: 'Ada',
  addedAt: '2024-05-01T09:30:00.000Z',
};

export const RoomPersonSchema = v.pipe(
  v.object({
    name: NameSchema,
    role: RoleSchema,
    /** Who gave the role (the owner's own entry: the owner). */
    addedBy: NameSchema,
    addedAt: TimestampSchema,
  }),
  v.description('A person with a role in the room.'),
  v.examples([exampleRoomPerson]),
);
export type RoomPerson = v.InferOutput<typeof RoomPersonSchema>;

export const MemberResponseSchema = v.pipe(
  v.object({ member: RoomPersonSchema }),
  v.examples([{ member: exampleRoomPerson }]),
);

const pageLimitMessage = `limit must be a whole number from 1 to ${limits.moderation.page.max}`;

/** `limit` and `next` of the roles and the moderation log. */
export const AccessPageQuerySchema = v.pipe(
  v.object({
    limit: v.optional(
      v.pipe(
        v.string(pageLimitMessage),
        v.check((raw) => {
          const n = Number(raw);
          return raw === '' || (/^\d+$/.test(raw) && n >= 1 && n <= limits.moderation.page.max);
        }, pageLimitMessage),
        errorCode('invalid_request'),
        v.description(
          `How many, 1–${limits.moderation.page.max}; ${limits.moderation.page.default} by default.`,
        ),
      ),
    ),
    next: v.optional(
      v.pipe(
        v.string('next must be the cursor of an earlier page'),
        errorCode('invalid_cursor'),
        v.description('The `next` of the page before, as it was (opaque); absent for the first page.'),
      ),
    ),
  }),
  v.examples([{ limit: '50' }]),
);
export type AccessPageQuery = v.InferOutput<typeof AccessPageQuerySchema>;

export const RoomRolesSchema = v.pipe(
  v.object({
    roomId: RoomIdSchema,
    visibility: VisibilitySchema,
    people: v.array(RoomPersonSchema),
    /** The deployment's admins (they moderate every public room and the lobby). Empty in a private room. */
    admins: v.array(NameSchema),
    next: v.nullable(v.string()),
  }),
  v.description(
    'Who has a role in the room, by name: its owner and moderators, and in a private room its members; `next` continues (null at the end). `admins` lists the deployment’s admins where they moderate (public rooms and the lobby).',
  ),
  v.examples([
    {
      roomId: 'book-club',
      visibility: 'private',
      people: [
        { name: 'Ada', role: 'owner', addedBy: 'Ada', addedAt: '2024-05-01T09:00:00.000Z' },
        exampleRoomPerson,
      ],
      admins: [],
      next: null,
    },
  ]),
);
export type RoomRoles = v.InferOutput<typeof RoomRolesSchema>;

export const OpenDmBodySchema = v.pipe(
  v.object({
    name: v.pipe(NameSchema, v.description('The other account’s username.')),
  }),
  v.examples([{ name: 'Grace' }]),
);
export type OpenDmBody = v.InferOutput<typeof OpenDmBodySchema>;

const minutes = (what: string, defaultMinutes: number) =>
  v.optional(
    v.pipe(
      v.number(`minutes must be a whole number from 1 to ${limits.moderation.maxMinutes}`),
      v.integer(`minutes must be a whole number from 1 to ${limits.moderation.maxMinutes}`),
      v.minValue(1, `minutes must be a whole number from 1 to ${limits.moderation.maxMinutes}`),
      v.maxValue(
        limits.moderation.maxMinutes,
        `minutes must be a whole number from 1 to ${limits.moderation.maxMinutes}`,
      ),
      errorCode('invalid_request'),
      v.description(
        `How long ${what} holds, in minutes: 1–${limits.moderation.maxMinutes} (a week); ${defaultMinutes} by default.`,
      ),
    ),
  );

const ReasonSchema = v.pipe(
  v.string('reason must be a string'),
  v.trim(),
  v.maxLength(
    limits.moderation.reasonMaxLength,
    `reason must be at most ${limits.moderation.reasonMaxLength} characters`,
  ),
  errorCode('invalid_request'),
  v.description(
    `Why, in a few words (shown to the person removed and kept in the log), at most ${limits.moderation.reasonMaxLength} characters.`,
  ),
  v.examples(['spam']),
);

export const RemovalBodySchema = v.pipe(
  v.object({
    name: v.pipe(NameSchema, v.description('Who to remove (a guest or an account).')),
    minutes: minutes(
      'the removal (public rooms only: they may not come back meanwhile)',
      limits.moderation.removalMinutes,
    ),
    reason: v.optional(ReasonSchema),
  }),
  v.examples([{ name: 'Mallory', minutes: 60, reason: 'spam' }]),
);
export type RemovalBody = v.InferOutput<typeof RemovalBodySchema>;

export const MuteBodySchema = v.pipe(
  v.object({
    name: v.pipe(NameSchema, v.description('Who to mute (a guest or an account).')),
    minutes: minutes('the mute', limits.moderation.muteMinutes),
    reason: v.optional(ReasonSchema),
  }),
  v.examples([{ name: 'Mallory', minutes: 10 }]),
);
export type MuteBody = v.InferOutput<typeof MuteBodySchema>;

export const SANCTIONS = ['removal', 'mute'] as const;

export const SanctionSchema = v.pipe(
  v.object({
    roomId: RoomIdSchema,
    name: NameSchema,
    kind: v.picklist(SANCTIONS),
    /** When it ends; absent for the removal of a private room's member (for good, until added again). */
    until: v.optional(TimestampSchema),
    reason: v.optional(v.string()),
  }),
  v.description(
    'A removal or a mute now in force. A removal from a public room holds until `until` (no joining, no posting); from a private room it ends the membership. A mute: reading still works, posting answers 403 `muted` until `until`.',
  ),
  v.examples([{ roomId: 'book-club', name: 'Mallory', kind: 'mute', until: '2024-05-01T10:10:00.000Z' }]),
);
export type Sanction = v.InferOutput<typeof SanctionSchema>;

export const SanctionResponseSchema = v.pipe(
  v.object({ sanction: SanctionSchema }),
  v.examples([
    {
      sanction: {
        roomId: 'book-club',
        name: 'Mallory',
        kind: 'removal',
        until: '2024-05-01T11:00:00.000Z',
        reason: 'spam',
      },
    },
  ]),
);

export const MODERATION_ACTIONS = [
  'addMember',
  'removeMember',
  'leave',
  'deleteMessage',
  'remove',
  'unremove',
  'mute',
  'unmute',
] as const;

export const ModerationEntrySchema = v.pipe(
  v.object({
    at: TimestampSchema,
    /** Who acted. */
    actor: NameSchema,
    action: v.picklist(MODERATION_ACTIONS),
    /** Whom it concerned (absent for a deleted message: see `messageId` and `sender`). */
    target: v.optional(NameSchema),
    role: v.optional(RoleSchema),
    messageId: v.optional(v.string()),
    until: v.optional(TimestampSchema),
    reason: v.optional(v.string()),
  }),
  v.description(
    `One moderation action: who (\`actor\`), what (\`action\`), whom, when (\`at\`). Kept ${limits.moderation.auditDays} days.`,
  ),
  v.examples([
    {
      at: '2024-05-01T10:00:00.000Z',
      actor: 'Ada',
      action: 'mute',
      target: 'Mallory',
      until: '2024-05-01T10:10:00.000Z',
    },
  ]),
);
export type ModerationEntry = v.InferOutput<typeof ModerationEntrySchema>;

export const ModerationLogSchema = v.pipe(
  v.object({ roomId: RoomIdSchema, entries: v.array(ModerationEntrySchema), next: v.nullable(v.string()) }),
  v.description('The room’s moderation actions, newest first; `next` continues (null at the end).'),
);
export type ModerationLog = v.InferOutput<typeof ModerationLogSchema>;

/** The frame a removed person's sockets in the room get before they are moved to the lobby. */
export const RemovedFrameSchema = v.pipe(
  v.object({
    type: v.literal('removed'),
    roomId: RoomIdSchema,
    reason: v.pipe(
      v.string(),
      v.description(
        'Why: the moderator’s reason, or "removed" when none was given, "left" when the person left a private room, "membership ended" when a moderator took them off its members.',
      ),
    ),
    until: v.optional(
      v.pipe(TimestampSchema, v.description('A public room’s removal: when the person may come back.')),
    ),
  }),
  v.description(
    'You are no longer in this room: a moderator removed you (or you left it). The socket has been moved to the lobby (no `presence` follows: read GET /rooms/lobby/members if you show it).',
  ),
  v.examples([{ type: 'removed', roomId: 'book-club', reason: 'spam', until: '2024-05-01T11:00:00.000Z' }]),
);
export type RemovedFrame = v.InferOutput<typeof RemovedFrameSchema>;
