/**
 * Chatty's page: sign in, rooms, live messages, presence and typing over the public contract (DESIGN.md §3).
 * This file only wires the parts together: the socket, the API client, the DOM and the browser's clock go to
 * session.ts, rooms.ts (+ room-moves.ts), timeline-state.ts / timeline-history.ts, composer.ts and members.ts,
 * whose logic knows none of them directly; the *-view.ts files draw.
 *
 * Stable hooks for browser tests (data-testid):
 *   name-input, sign-in-button, sign-in-error, sign-out-button,
 *   accounts (account-view.ts): account-username, account-password, account-sign-in-button, forgot-link,
 *     create-account-link, sign-up-username, sign-up-email, sign-up-password, sign-up-button, confirm-code,
 *     confirm-button, resend-code-button, forgot-username, forgot-button, reset-code, reset-password,
 *     reset-button, account-info, account-error,
 *   room-list (items: room, with data-room-id and aria-current="page" on the open room),
 *   new-room-input, new-room-button,
 *   message-list (in a role="log" wrapper), message (data-message-id once stored, data-sender, data-sender-type,
 *     data-state = sent | queued | sending | failed), load-older,
 *   composer-input, char-counter, send-button,
 *   members-list (items: member, with data-name), typing-indicator,
 *   connection-status (data-state = connecting | online | offline), error-banner,
 *   issue 16: visibility-public, visibility-private, visibility-private-hint, dm-list (items: room), new-dm-input,
 *     new-dm-button, new-dm-error, room-notice, composer-notice, room-access, role-list (items: role, with
 *     data-name and data-role), access-standing, leave-room-button, add-member-name, add-member-role,
 *     add-member-button, remove-member-button, moderate-name, moderate-minutes, moderate-reason, mute-button,
 *     remove-button, unmute-button, unremove-button, show-log-button, moderation-log (items: log-entry, with
 *     data-action), access-error, access-done; on a message for moderators: delete-button, moderate-button.
 */
import { LOBBY_ROOM_ID } from '../lambdas/contract/limits';
import { type AccessApi, createAccessApi } from './access-api';
import { silencedText } from './access-errors';
import { AccountFlow } from './account-flow';
import { DomAccountView } from './account-view';
import { type Api, createApi } from './api';
import { Banner } from './banner';
import { browserClock as clock } from './clock';
import { type Cognito, createCognito } from './cognito';
import { Composer, newClientMessageId } from './composer';
import { DomComposerView } from './composer-view';
import { loadConfig } from './config';
import { DirectMessages } from './direct-messages';
import { byId } from './dom';
import { parseServerFrame, socketUrl } from './frames';
import { Members } from './members';
import { DomMembersView } from './members-view';
import { browserNotifications } from './mention-notifier';
import { MessageFeatures } from './message-features';
import { handleRemoved } from './removed-frame';
import { RoomAccess } from './room-access';
import { DomRoomAccessView } from './room-access-view';
import { RoomGroupsView } from './room-groups-view';
import { RoomMoves } from './room-moves';
import { RoomNotices } from './room-notices';
import { Rooms, roomFromHash } from './rooms';
import { roomsApi } from './rooms-api';
import { SessionController } from './session';
import { DomSignInView } from './sign-in-view';
import { ReconnectingSocket } from './socket';
import { handleErrorFrame, renewSocket } from './socket-token';
import { showStatus } from './status-view';
import { TimelineHistory } from './timeline-history';
import { Timeline } from './timeline-state';
import { type ScrollMode, TimelineView } from './timeline-view';
import type { Config, ServerFrame } from './types';

/** All stay null until config.json has been read; cognito also when it names no user pool. */
let config: Config | null = null;
let api: Api | null = null;
let accessApi: AccessApi | null = null;
let cognito: Cognito | null = null;

/** How often the room list's unread counts are read again while the page is shown (GET /rooms with the token). */
const countsRefreshMs = 30_000;

const scroller = byId('scroller');
const status = byId('status');
const statusText = byId('status-text');
const banner = new Banner({ banner: byId('banner'), text: byId('banner-text') }, clock);
const showError = (message: string) => banner.show(message);

const accountView = new DomAccountView({
  card: byId('account-card'),
  info: byId('account-info'),
  error: byId('account-error'),
  guest: byId('signin-form'),
});
const accountFlow = new AccountFlow({
  cognito: () => cognito,
  view: accountView,
  onSignedIn: (tokens): boolean => session.signInAccount(tokens),
});
const signInView = new DomSignInView(
  {
    signinView: byId('signin-view'),
    form: byId<HTMLFormElement>('signin-form'),
    nameInput: byId<HTMLInputElement>('name-input'),
    nameProblem: byId('name-error'),
    signIn: byId<HTMLButtonElement>('sign-in'),
    chatView: byId('chat-view'),
    me: byId('me'),
    meName: byId('me-name'),
    signOut: byId<HTMLButtonElement>('sign-out'),
  },
  accountFlow,
);
const session = new SessionController({
  storage: sessionStorage,
  now: clock.now,
  api: () => api,
  view: signInView,
  onSignIn: enterChat,
  onSignOut: () => socket.stop(),
  accounts: () => cognito,
  clock,
  // A socket that stopped for want of a valid token starts again; an open one is replaced, since the server lets
  // a socket post only until its opening token's expiry (socket-token.ts); the new one catches up from history.
  onRenewed: () => renewSocket(socket, socketToken, session.current?.token ?? null),
});
/** The token the socket was last opened with: a renewal replaces a socket opened with an older one. */
let socketToken: string | null = null;
const me = () => session.name;

const roomsView = new RoomGroupsView(
  {
    rooms: {
      list: byId('room-list'),
      form: byId<HTMLFormElement>('new-room-form'),
      input: byId<HTMLInputElement>('new-room-input'),
      button: byId<HTMLButtonElement>('new-room-button'),
      problem: byId('new-room-error'),
    },
    title: byId('room-title'),
    privateChoice: byId<HTMLInputElement>('visibility-private'),
    privateHint: byId('visibility-private-hint'),
    dms: {
      section: byId('dms'),
      list: byId('dm-list'),
      form: byId<HTMLFormElement>('new-dm-form'),
      input: byId<HTMLInputElement>('new-dm-input'),
      button: byId<HTMLButtonElement>('new-dm-button'),
      problem: byId('new-dm-error'),
    },
  },
  (roomId) => rooms.select(roomId),
);
const isAccount = () => session.current?.kind === 'account';
const rooms = new Rooms(
  {
    // An account's token refused as expired is refreshed and the call made again (session.authorized).
    api: () => api && roomsApi(api, session),
    token: () => session.current?.token ?? null,
    view: roomsView,
    setHash: (hash) => history.replaceState(null, '', hash),
    onSwitch: switchRoom,
    onExpired: () => session.expire(),
    showError,
    counts: {
      mark: (): number => features.unread.mark(),
      fromServer: (r, m, open): void => features.unread.fromServer(r, m, open),
    },
    onCounts: (): void => roomsView.showCounts(features.unread.all()),
  },
  roomFromHash(location.hash) ?? LOBBY_ROOM_ID,
);

const timeline = new Timeline();
const messageHistory = new TimelineHistory({
  api: () => api,
  timeline,
  me,
  onChange: (roomId, scroll) => {
    if (roomId === rooms.current) render(scroll);
  },
  onRoomMissing: (roomId) => {
    banner.show(`Room “${roomId}” does not exist.`);
    if (roomId === rooms.current) rooms.select(LOBBY_ROOM_ID);
  },
  showError,
});
const timelineView = new TimelineView(
  {
    scroller,
    list: byId('message-list'),
    empty: byId('empty'),
    loadOlder: byId<HTMLButtonElement>('load-older'),
    announcer: byId('announcer'),
  },
  {
    retry: (id) => composer.retry(id),
    discard: (id) => composer.discard(id),
    reply: (id) => features.actions.reply(id),
    edit: (id) => features.actions.edit(id),
    remove: (id) => features.actions.remove(id),
    react: (id, emoji) => features.actions.react(id, emoji),
    moderate: (sender) => accessView.moderate(sender),
  },
  () => banner.show('The original message is older than what is loaded: load older messages to see it.'),
);
const features = new MessageFeatures({
  timeline,
  timelineView: () => timelineView,
  room: (): string => rooms.current,
  me,
  send: (frame) => socket.send(frame),
  clock,
  notifications: browserNotifications(),
  hidden: () => document.visibilityState === 'hidden',
  select: (roomId) => rooms.select(roomId),
  showError,
  confirm: (question) => window.confirm(question),
  showCounts: () => roomsView.showCounts(features.unread.all()),
  canModerate: () => access.moderator,
  composeMode: {
    bar: byId('compose-mode'),
    text: byId('compose-mode-text'),
    cancel: byId<HTMLButtonElement>('compose-mode-cancel'),
    input: byId<HTMLTextAreaElement>('composer-input'),
    onText: () => composer.showCheck(),
  },
});

const accessView = new DomRoomAccessView({
  section: byId('room-access'),
  manage: byId<HTMLDetailsElement>('manage-room'),
  roles: byId('role-list'),
  standing: byId('access-standing'),
  leave: byId<HTMLButtonElement>('leave-room'),
  addForm: byId<HTMLFormElement>('add-member-form'),
  addName: byId<HTMLInputElement>('add-member-name'),
  addRole: byId<HTMLSelectElement>('add-member-role'),
  moderateForm: byId<HTMLFormElement>('moderate-form'),
  moderateName: byId<HTMLInputElement>('moderate-name'),
  moderateMinutes: byId<HTMLInputElement>('moderate-minutes'),
  moderateReason: byId<HTMLInputElement>('moderate-reason'),
  showLog: byId<HTMLButtonElement>('show-log'),
  log: byId('moderation-log'),
  problem: byId('access-error'),
  done: byId('access-done'),
});
/** A token still good to read with: a private room's history, members and roles need a member's (issue 16). */
const readToken = () => (session.current && !session.expired() ? session.current.token : null);
const access = new RoomAccess({
  api: () => accessApi,
  authorized: (call) => session.authorized(call),
  token: readToken,
  room: () => rooms.current,
  me,
  view: accessView,
  onLeft: (roomId) => rooms.forget(roomId),
  onStanding: () => render(),
});
const directMessages = new DirectMessages({
  api: () => accessApi,
  authorized: (call) => session.authorized(call),
  me,
  isAccount,
  view: roomsView,
  enter: (room) => rooms.enter(room),
});
const notices = new RoomNotices(
  {
    notice: byId('room-notice'),
    text: byId('room-notice-text'),
    close: byId<HTMLButtonElement>('room-notice-close'),
    composer: byId('composer-notice'),
    input: byId('composer-input'),
  },
  clock,
);

const members = new Members({
  api: () => api,
  view: new DomMembersView({
    list: byId('members-list'),
    count: byId('member-count'),
    typing: byId('typing'),
  }),
  clock,
  room: () => rooms.current,
  me,
  onChange: () => render(),
});

const socket = new ReconnectingSocket({
  url: () => {
    const current = session.current;
    if (!config || !current) return null;
    if (session.expired()) {
      // A guest signs in again; an account refreshes its token first (onRenewed starts the socket again).
      queueMicrotask(() => session.tokenRefused());
      return null;
    }
    moves.connecting(rooms.current);
    socketToken = current.token;
    return socketUrl(config.webSocketUrl, current.token, rooms.current);
  },
  onState: (state, retryInMs) => showStatus(status, statusText, state, retryInMs),
  onOpen: () => {
    moves.opened(rooms.current);
    // Catch up on whatever was said while the socket was down (or connecting), then send what waited.
    void messageHistory.sync(rooms.current).then(() => composer.flush());
    void members.refresh(rooms.current);
    features.connected();
    void rooms.refreshCounts();
  },
  onClose: ({ wasOpen }) => {
    moves.closed();
    timeline.requeueSending();
    features.disconnected();
    render();
    // Browsers hide the handshake's HTTP status, so an expired token only shows as a failed connect.
    if (!wasOpen && session.expired()) session.tokenRefused();
  },
  onData: (data) => {
    const frame = parseServerFrame(data);
    if (frame) onFrame(frame);
  },
});
const moves = new RoomMoves((frame) => socket.send(frame));

const composerView = new DomComposerView({
  form: byId<HTMLFormElement>('composer'),
  input: byId<HTMLTextAreaElement>('composer-input'),
  counter: byId('counter'),
  send: byId<HTMLButtonElement>('send'),
  scroller,
});
const composer = new Composer({
  view: composerView,
  timeline,
  send: (frame) => socket.send(frame),
  room: () => rooms.current,
  me,
  // As the server will mark the stored message: 'user' for an account, 'guest' otherwise.
  senderType: () => session.senderType,
  now: clock.now,
  newClientMessageId: () => newClientMessageId(),
  onChange: (scroll) => render(scroll),
  mode: features.actions,
});

/** Draws the open room: its title and the room list, its messages, its members and who is typing. */
function render(scroll: ScrollMode = 'auto'): void {
  const room = rooms.current;
  rooms.render();
  timelineView.show(
    {
      messages: timeline.messages(room),
      pending: timeline.pendingIn(room),
      me: me(),
      loaded: messageHistory.isLoaded(room),
      hasOlder: messageHistory.hasOlder(room),
      moderator: access.moderator,
    },
    scroll,
  );
  members.render();
  roomsView.showCounts(features.unread.all());
  features.seen();
}

function onFrame(frame: ServerFrame): void {
  const current = rooms.current;
  switch (frame.type) {
    case 'message': {
      const { message } = frame;
      moves.messageFrom(message.roomId, current);
      timeline.add(message.roomId, [message], me());
      features.messageArrived(message);
      members.spoke(message.sender);
      if (message.roomId === current) render(message.sender === me() ? 'bottom' : 'auto');
      break;
    }
    case 'ack':
      // The server echoes clientMessageId only when the frame had one; this page always sends one.
      if (frame.clientMessageId && features.acked(frame.clientMessageId)) break;
      if (frame.clientMessageId) timeline.ack(frame.clientMessageId, frame.messageId);
      render();
      break;
    case 'error': {
      // A read marker the server refused (a room gone meanwhile) is nothing to tell the person.
      if (frame.clientMessageId && features.failed(frame.clientMessageId)) break;
      // Muted or removed (issue 16): said with the time it ends, over the message box too.
      const silenced = silencedText(frame.code, frame.until, new Date(clock.now()));
      if (silenced) notices.silenced(silenced, frame.until);
      const said = silenced ? { ...frame, message: silenced } : frame;
      // An account's token that expired under an open socket is renewed and the message sent again.
      handleErrorFrame(said, {
        isAccount: () => session.current?.kind === 'account',
        isPending: (id) => timeline.find(id) !== undefined,
        requeue: (id) => timeline.requeue(id),
        fail: (id, message) => timeline.fail(id, message),
        showError: (message, code) => banner.show(message, code),
        tokenRefused: () => session.tokenRefused(),
      });
      render();
      break;
    }
    case 'removed':
      // The server has moved the socket to the lobby already; the page follows and says why.
      handleRemoved(frame, { rooms, notify: (text) => notices.removed(text), now: clock.now });
      break;
    case 'presence':
      members.set(frame.roomId, frame.members, frame.count);
      // The server tells a mover its new room's members once the move is done: catch up on what was posted
      // between the history read and the move.
      if (moves.presence(frame.roomId)) void messageHistory.sync(frame.roomId);
      if (frame.roomId === current) render();
      break;
    case 'presenceChange':
      members.change(frame.roomId, frame.joined, frame.left, frame.count);
      if (frame.roomId === current) render();
      break;
    case 'typing':
      members.typingFrom(frame.roomId, frame.name);
      break;
    case 'messageUpdated':
      features.messageUpdated(frame.message);
      if (frame.message.roomId === current) render();
      break;
    case 'messageDeleted':
      features.messageDeleted(frame.roomId, frame.messageId);
      if (frame.roomId === current) render();
      break;
    case 'pong':
      break;
  }
}

/** Rooms' onSwitch: the rest of the page follows the person into another room. */
function switchRoom(roomId: string): void {
  members.roomChanged();
  notices.roomChanged();
  access.roomChanged(roomId);
  void access.refresh(roomId);
  composer.roomChanged();
  features.roomChanged();
  timelineView.clear();
  moves.switched(roomId);
  render('bottom');
  void messageHistory.sync(roomId).then(() => render('bottom'));
  void members.refresh(roomId);
  void rooms.refreshCounts();
}

/** Session's onSignIn (a sign-in, or a stored session once the config is known). */
function enterChat(): void {
  roomsView.setAccount(isAccount());
  // The person's own private rooms and direct messages are listed with their token (another person's are not).
  void rooms.refresh();
  void access.refresh(rooms.current);
  render('bottom');
  socket.start();
  void messageHistory.sync(rooms.current);
  void members.refresh(rooms.current);
  composerView.focus();
}

function wire(): void {
  signInView.bind(session);
  accountView.bind(accountFlow);
  roomsView.bind(rooms, directMessages);
  accessView.bind(access);
  notices.bind();
  composerView.bind(composer, features.actions);
  features.bindNotifyButton(byId<HTMLButtonElement>('notify-button'));
  // What scrolls into view is read (the read marker waits for the scrolling to settle).
  scroller.addEventListener('scroll', () => features.seen(), { passive: true });
  // The socket hears only the open room: the other rooms' counts are read again now and then, while shown.
  setInterval(() => {
    if (session.current && document.visibilityState === 'visible') void rooms.refreshCounts();
  }, countsRefreshMs);
  timelineView.onLoadOlder(() => messageHistory.loadOlder(rooms.current));
  byId('banner-close').addEventListener('click', () => banner.hide());
  window.addEventListener('hashchange', () => rooms.select(roomFromHash(location.hash) ?? LOBBY_ROOM_ID));
  // `offline` is reliable (no network at all), while a socket on a dead link can look open for minutes.
  window.addEventListener('offline', () => socket.dropNow());
  window.addEventListener('online', () => socket.reconnectNow());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState !== 'visible') return;
    socket.reconnectNow();
    // Back to the tab: what it shows is read now, and the other rooms may have news.
    features.seen();
    if (session.current) void rooms.refreshCounts();
  });
}

async function boot(): Promise<void> {
  wire();
  composer.showCheck();
  render();
  session.restore();
  try {
    config = await loadConfig();
  } catch {
    showError('Cannot load the chat configuration. Check your connection and reload the page.');
    return;
  }
  api = createApi(config.httpApiUrl, undefined, readToken);
  accessApi = createAccessApi(api.call);
  if (config.auth) {
    cognito = createCognito(config.auth);
    accountView.setAvailable(true);
  }
  void rooms.refresh();
  session.resume();
}

void boot();
