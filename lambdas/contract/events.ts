/**
 * The events on the bus: source `chatty`, one detail schema per detail type. infra/spec.ts builds the bot's
 * rule from these names; `busEvents` is what the AsyncAPI document is generated from.
 */
import * as v from 'valibot';
import { VisibilitySchema } from './access';
import { MessageIdSchema, NameSchema, RoomIdSchema, TextSchema } from './fields';
import { LOBBY_ROOM_ID } from './limits';
import { ChatMessageSchema, exampleMessage } from './resources';
import { ServerFrameSchema } from './websocket';

export const EVENT_SOURCE = 'chatty';

export const detailTypes = {
  messagePosted: 'MessagePosted',
  memberJoined: 'MemberJoined',
  reminderDue: 'ReminderDue',
  messageEdited: 'MessageEdited',
  messageDeleted: 'MessageDeleted',
  fanOutPage: 'FanOutPage',
} as const;
export type DetailType = (typeof detailTypes)[keyof typeof detailTypes];

/**
 * Whether the event's room is private (issue 16): a consumer must not carry a private room's words elsewhere.
 * Absent (public) only on events published before.
 */
const visibility = v.optional(VisibilitySchema);

/** `MessagePosted`: every stored message, human or bot (the detail is the message, with its room's visibility). */
export const MessagePostedDetailSchema = v.pipe(
  v.object({ ...ChatMessageSchema.pipe[0].entries, visibility }),
  v.examples([{ ...exampleMessage, visibility: 'public' }]),
);
export type MessagePostedDetail = v.InferOutput<typeof MessagePostedDetailSchema>;

/** `MemberJoined`: someone connected to a room or moved into it. */
export const MemberJoinedDetailSchema = v.pipe(
  v.object({ roomId: RoomIdSchema, name: NameSchema, visibility }),
  v.examples([{ roomId: LOBBY_ROOM_ID, name: 'Ada', visibility: 'public' }]),
);
export type MemberJoinedDetail = v.InferOutput<typeof MemberJoinedDetailSchema>;

/** `ReminderDue`: put on the bus by the one-time schedule Pyro created (the schedule's Input is the detail). */
export const ReminderDueDetailSchema = v.pipe(
  v.object({
    roomId: RoomIdSchema,
    /** Who asked, and is reminded. */
    name: NameSchema,
    text: TextSchema,
    /** Deterministic per asking message, so a redelivered request schedules nothing twice. */
    reminderId: v.string(),
  }),
  v.examples([
    { roomId: LOBBY_ROOM_ID, name: 'Ada', text: 'stretch', reminderId: '0f1e2d3c4b5a69788796a5b4c3d2e1f0' },
  ]),
);
export type ReminderDueDetail = v.InferOutput<typeof ReminderDueDetailSchema>;

/** `MessageEdited`: its author edited a message (the detail is the message as it reads now, with `editedAt`). */
export const MessageEditedDetailSchema = v.pipe(
  ChatMessageSchema,
  v.examples([{ ...exampleMessage, text: 'hi pyro!', editedAt: '2024-05-01T10:05:00.000Z' }]),
);
export type MessageEditedDetail = v.InferOutput<typeof MessageEditedDetailSchema>;

/** `MessageDeleted`: its author deleted a message; its text is gone (only where it was and whose it was). */
export const MessageDeletedDetailSchema = v.pipe(
  v.object({
    roomId: RoomIdSchema,
    messageId: MessageIdSchema,
    sender: NameSchema,
    visibility,
    /** Set when a moderator deleted someone else's message: who. */
    deletedBy: v.optional(NameSchema),
  }),
  v.examples([
    { roomId: LOBBY_ROOM_ID, messageId: exampleMessage.messageId, sender: 'Ada', visibility: 'public' },
  ]),
);
export type MessageDeletedDetail = v.InferOutput<typeof MessageDeletedDetailSchema>;

/**
 * `FanOutPage`: a page of a big room's sockets and the frame they are to get, put on the bus by the function that
 * posted the message and handled by the FanOut function (core/fan-out-pages.ts). Internal to the chat.
 */
export const FanOutPageDetailSchema = v.pipe(
  v.object({
    roomId: RoomIdSchema,
    frame: ServerFrameSchema,
    connections: v.array(v.object({ connectionId: v.string(), connectedAt: v.string() })),
    /** 0 for a page split off by the poster; n for the n-th pass of sockets that could not be posted to. */
    attempt: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
  v.examples([
    {
      roomId: LOBBY_ROOM_ID,
      frame: { type: 'message', message: exampleMessage },
      connections: [{ connectionId: 'Lf9GkcnXoAMCJsw=', connectedAt: '2024-05-01T10:00:00.000Z' }],
      attempt: 0,
    },
  ]),
);
export type FanOutPageDetail = v.InferOutput<typeof FanOutPageDetailSchema>;

/** The envelope EventBridge wraps every event in (and hands to rule targets such as the bot). */
export interface EventEnvelope<TDetail = unknown, TDetailType extends string = string> {
  version: '0';
  id: string;
  'detail-type': TDetailType;
  source: string;
  account: string;
  /** ISO-8601, to the second. */
  time: string;
  region: string;
  resources: string[];
  detail: TDetail;
}

export interface BusEvent {
  detailType: DetailType;
  schema: v.GenericSchema;
  summary: string;
  examples: unknown[];
}

export const busEvents: readonly BusEvent[] = [
  {
    detailType: detailTypes.messagePosted,
    schema: MessagePostedDetailSchema,
    summary: 'A message was stored (human or bot); the bot is woken for messages that name it.',
    examples: /* @__PURE__ */ examplesOf(MessagePostedDetailSchema),
  },
  {
    detailType: detailTypes.memberJoined,
    schema: MemberJoinedDetailSchema,
    summary: 'Someone connected to a room or moved into it; the bot welcomes them (once an hour).',
    examples: /* @__PURE__ */ examplesOf(MemberJoinedDetailSchema),
  },
  {
    detailType: detailTypes.reminderDue,
    schema: ReminderDueDetailSchema,
    summary: 'A reminder Pyro scheduled fell due; Pyro says it in the room.',
    examples: /* @__PURE__ */ examplesOf(ReminderDueDetailSchema),
  },
  {
    detailType: detailTypes.messageEdited,
    schema: MessageEditedDetailSchema,
    summary: 'Its author edited a message; the bot does not answer it (its rule takes MessagePosted only).',
    examples: /* @__PURE__ */ examplesOf(MessageEditedDetailSchema),
  },
  {
    detailType: detailTypes.messageDeleted,
    schema: MessageDeletedDetailSchema,
    summary: 'Its author deleted a message.',
    examples: /* @__PURE__ */ examplesOf(MessageDeletedDetailSchema),
  },
  {
    detailType: detailTypes.fanOutPage,
    schema: FanOutPageDetailSchema,
    summary: "A page of a big room's sockets to post a frame to; the FanOut function posts it (internal).",
    examples: /* @__PURE__ */ examplesOf(FanOutPageDetailSchema),
  },
];

// @__NO_SIDE_EFFECTS__
function examplesOf(schema: v.GenericSchema): unknown[] {
  return [...v.getExamples(schema)];
}
