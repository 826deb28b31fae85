/**
 * Chatty's page: sign in, rooms, live messages, presence and typing over the public contract (DESIGN.md §3).
 *
 * Stable hooks for browser tests (data-testid):
 *   name-input, sign-in-button, sign-in-error, sign-out-button,
 *   room-list (items: room, with data-room-id and aria-current="page" on the open room),
 *   new-room-input, new-room-button,
 *   message-list (role="log"), message (data-message-id once stored, data-sender,
 *     data-state = sent | queued | sending | failed), load-older,
 *   composer-input, char-counter, send-button,
 *   members-list (items: member, with data-name), typing-indicator,
 *   connection-status (data-state = connecting | online | offline), error-banner.
 */
import { type Api, ApiError, createApi } from './api';
import { byId } from './dom';
import { normalizeMembers, parseServerFrame, socketUrl } from './frames';
import { MessageListView, renderMembers, renderRooms, renderStatus } from './render';
import { clearSession, isExpired, loadSession, saveSession } from './session';
import { ReconnectingSocket } from './socket';
import { Timeline } from './state';
import type { Config, Room, ServerFrame, Session } from './types';
import { TypingThrottle, TypingTracker, typingLabel } from './typing';
import { checkText, maxMessageLength, nameProblem } from './validate';

const ui = {
  status: byId('status'),
  statusText: byId('status-text'),
  me: byId('me'),
  meName: byId('me-name'),
  signOut: byId<HTMLButtonElement>('sign-out'),
  banner: byId('banner'),
  bannerText: byId('banner-text'),
  bannerClose: byId<HTMLButtonElement>('banner-close'),
  signinView: byId('signin-view'),
  signinForm: byId<HTMLFormElement>('signin-form'),
  nameInput: byId<HTMLInputElement>('name-input'),
  nameError: byId('name-error'),
  signIn: byId<HTMLButtonElement>('sign-in'),
  chatView: byId('chat-view'),
  roomList: byId('room-list'),
  newRoomForm: byId<HTMLFormElement>('new-room-form'),
  newRoomInput: byId<HTMLInputElement>('new-room-input'),
  newRoomButton: byId<HTMLButtonElement>('new-room-button'),
  newRoomError: byId('new-room-error'),
  roomTitle: byId('room-title'),
  scroller: byId('scroller'),
  loadOlder: byId<HTMLButtonElement>('load-older'),
  messageList: byId('message-list'),
  empty: byId('empty'),
  typing: byId('typing'),
  composer: byId<HTMLFormElement>('composer'),
  input: byId<HTMLTextAreaElement>('composer-input'),
  counter: byId('counter'),
  send: byId<HTMLButtonElement>('send'),
  members: byId('members-list'),
  memberCount: byId('member-count'),
};

let api: Api | null = null;
let config: Config | null = null;
let session: Session | null = loadSession(sessionStorage);
let rooms: Room[] = [{ roomId: 'lobby', name: 'lobby' }];
let currentRoom = roomFromHash() ?? 'lobby';
/** The room named in the URL of the socket being opened: if the person switched meanwhile, join on open. */
let socketRoom: string | null = null;
/** The room a joinRoom was sent for, until the server's presence frame says the move is done. */
let awaitingJoin: string | null = null;
const timeline = new Timeline();
const historyLoaded = new Set<string>();
const hasOlder = new Map<string, boolean>();
const members = new Map<string, string[]>();
const syncs = new Map<string, Promise<void>>();
const typing = new TypingTracker();
const typingThrottle = new TypingThrottle();
let typingTimer: ReturnType<typeof setTimeout> | undefined;
let bannerTimer: ReturnType<typeof setTimeout> | undefined;

const me = () => session?.name ?? null;

const socket = new ReconnectingSocket({
  url: () => {
    if (!config || !session) return null;
    if (isExpired(session, Date.now())) {
      queueMicrotask(() => expireSession());
      return null;
    }
    socketRoom = currentRoom;
    return socketUrl(config.webSocketUrl, session.token, currentRoom);
  },
  onState: (state, retryInMs) => renderStatus(ui.status, ui.statusText, state, retryInMs),
  onOpen: () => {
    if (socketRoom !== currentRoom && socket.send({ action: 'joinRoom', roomId: currentRoom })) {
      awaitingJoin = currentRoom;
    }
    // Catch up on whatever was said while the socket was down (or connecting), then send what waited.
    void syncRoom(currentRoom).then(flushQueue);
    void refreshMembers(currentRoom);
  },
  onClose: ({ wasOpen }) => {
    // The next connection names the current room in its URL: no move is pending any more.
    awaitingJoin = null;
    timeline.requeueSending();
    render();
    // Browsers hide the handshake's HTTP status, so an expired token only shows as a failed connect.
    if (!wasOpen && session && isExpired(session, Date.now())) expireSession();
  },
  onData: (data) => {
    const frame = parseServerFrame(data);
    if (frame) onFrame(frame);
  },
});

const messageView = new MessageListView(ui.messageList, {
  retry: (id) => {
    timeline.requeue(id);
    flushQueue();
  },
  discard: (id) => {
    timeline.discard(id);
    render();
  },
});

/** Room ids are slugs; anything else in the hash (a typo, `#General`) would only be refused by the server. */
const ROOM_ID = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

function roomFromHash(): string | null {
  const raw = location.hash.replace(/^#/, '');
  if (!raw) return null;
  try {
    const roomId = decodeURIComponent(raw);
    return ROOM_ID.test(roomId) ? roomId : null;
  } catch {
    return null;
  }
}

function newClientMessageId(): string {
  // getRandomValues works on plain http too (randomUUID needs a secure context).
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return 'Something went wrong. Please try again.';
}

function showBanner(text: string, code?: string): void {
  ui.bannerText.textContent = text;
  ui.banner.dataset.code = code ?? '';
  ui.banner.hidden = false;
  clearTimeout(bannerTimer);
  bannerTimer = setTimeout(() => {
    ui.banner.hidden = true;
  }, 8_000);
}

// ---- rendering ----------------------------------------------------------------------------------------------

function render(scroll: 'auto' | 'bottom' | 'keep' = 'auto'): void {
  const roomName = rooms.find((r) => r.roomId === currentRoom)?.name ?? currentRoom;
  ui.roomTitle.textContent = `# ${roomName}`;
  renderRooms(ui.roomList, rooms, currentRoom, selectRoom);

  const s = ui.scroller;
  const fromBottom = s.scrollHeight - s.scrollTop;
  const atBottom = s.scrollHeight - s.scrollTop - s.clientHeight < 48;
  const messages = timeline.messages(currentRoom);
  const pending = timeline.pendingIn(currentRoom);
  messageView.render(messages, pending, me());
  ui.empty.hidden = !historyLoaded.has(currentRoom) || messages.length + pending.length > 0;
  ui.loadOlder.hidden = !hasOlder.get(currentRoom);
  if (scroll === 'keep') s.scrollTop = s.scrollHeight - fromBottom;
  else if (scroll === 'bottom' || atBottom) s.scrollTop = s.scrollHeight;

  renderMembers(ui.members, ui.memberCount, members.get(currentRoom) ?? [], me());
  renderTyping();
}

function renderTyping(): void {
  const now = Date.now();
  ui.typing.textContent = typingLabel(typing.active(now));
  clearTimeout(typingTimer);
  const next = typing.nextExpiry();
  if (next !== null) typingTimer = setTimeout(renderTyping, Math.max(50, next - now + 20));
}

function renderCounter(): void {
  const check = checkText(ui.input.value);
  ui.counter.textContent = `${check.length} / ${maxMessageLength}`;
  ui.counter.classList.toggle('over', check.tooLong);
  ui.send.disabled = !check.ok;
  // Grow with the text up to a few lines, then scroll inside.
  const s = ui.scroller;
  const atBottom = s.scrollHeight - s.scrollTop - s.clientHeight < 48;
  ui.input.style.height = 'auto';
  ui.input.style.height = `${Math.min(ui.input.scrollHeight, 160)}px`;
  // A taller box shrinks the log from below: keep the newest message in sight if it was.
  if (atBottom) s.scrollTop = s.scrollHeight;
}

function showView(signedIn: boolean): void {
  ui.signinView.hidden = signedIn;
  ui.chatView.hidden = !signedIn;
  ui.me.hidden = !signedIn;
  ui.meName.textContent = me() ?? '';
}

// ---- data -------------------------------------------------------------------------------------------------

async function refreshRooms(): Promise<void> {
  if (!api) return;
  try {
    const list = await api.listRooms();
    const byId = new Map(list.map((r) => [r.roomId, r]));
    if (!byId.has('lobby')) byId.set('lobby', { roomId: 'lobby', name: 'lobby' });
    rooms = [...byId.values()].sort((a, b) =>
      a.roomId === 'lobby' ? -1 : b.roomId === 'lobby' ? 1 : a.name.localeCompare(b.name),
    );
    render();
  } catch (err) {
    showBanner(`Could not load the rooms: ${errorText(err)}`);
  }
}

async function loadRoom(roomId: string): Promise<void> {
  if (!api) return;
  try {
    if (!historyLoaded.has(roomId)) {
      const page = await api.listMessages(roomId, { limit: 50 });
      timeline.add(roomId, page.messages, me());
      hasOlder.set(roomId, page.next !== null && page.messages.length > 0);
      historyLoaded.add(roomId);
    }
    timeline.add(roomId, await api.listMessagesAfter(roomId, timeline.lastMessageId(roomId)), me());
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 400) && roomId !== 'lobby') {
      showBanner(`Room “${roomId}” does not exist.`);
      if (roomId === currentRoom) selectRoom('lobby');
      return;
    }
    showBanner(`Could not load messages: ${errorText(err)}`);
  }
  if (roomId === currentRoom) render();
}

/** One load per room at a time; a later request (a reconnect during a load) runs after, so it still catches up. */
function syncRoom(roomId: string): Promise<void> {
  const next = (syncs.get(roomId) ?? Promise.resolve()).then(() => loadRoom(roomId));
  syncs.set(roomId, next);
  return next;
}

async function refreshMembers(roomId: string): Promise<void> {
  if (!api) return;
  try {
    members.set(roomId, normalizeMembers(await api.listMembers(roomId)));
    if (roomId === currentRoom) render();
  } catch {
    // Presence frames keep the list current anyway.
  }
}

async function loadOlder(): Promise<void> {
  const oldest = timeline.oldestMessageId(currentRoom);
  if (!api || !oldest) return;
  const roomId = currentRoom;
  ui.loadOlder.disabled = true;
  try {
    const page = await api.listMessages(roomId, { limit: 50, before: oldest });
    timeline.add(roomId, page.messages, me());
    hasOlder.set(roomId, page.next !== null && page.messages.length > 0);
    if (roomId === currentRoom) render('keep');
  } catch (err) {
    showBanner(`Could not load older messages: ${errorText(err)}`);
  } finally {
    ui.loadOlder.disabled = false;
  }
}

// ---- socket frames and sending ------------------------------------------------------------------------------

function onFrame(frame: ServerFrame): void {
  switch (frame.type) {
    case 'message':
      // A message from another room means the socket sits there (two quick switches, last move won): move it.
      if (frame.message.roomId !== currentRoom && awaitingJoin === null) {
        if (socket.send({ action: 'joinRoom', roomId: currentRoom })) awaitingJoin = currentRoom;
      }
      timeline.add(frame.message.roomId, [frame.message], me());
      typing.remove(frame.message.sender);
      if (frame.message.roomId === currentRoom) render(frame.message.sender === me() ? 'bottom' : 'auto');
      break;
    case 'ack':
      timeline.ack(frame.clientMessageId, frame.messageId);
      render();
      break;
    case 'error':
      if (frame.clientMessageId) timeline.fail(frame.clientMessageId, frame.message);
      showBanner(frame.message, frame.code);
      render();
      break;
    case 'presence':
      members.set(frame.roomId, frame.members);
      // The server tells a mover its new room's members once the move is done: catch up on what was posted
      // between the history read and the move.
      if (frame.roomId === awaitingJoin) {
        awaitingJoin = null;
        void syncRoom(frame.roomId);
      }
      if (frame.roomId === currentRoom) render();
      break;
    case 'typing':
      if (frame.roomId === currentRoom && frame.name !== me()) {
        typing.add(frame.name, Date.now());
        renderTyping();
      }
      break;
    case 'pong':
      break;
  }
}

function flushQueue(): void {
  for (const p of timeline.queued()) {
    const sent = socket.send({
      action: 'sendMessage',
      roomId: p.roomId,
      text: p.text,
      clientMessageId: p.clientMessageId,
    });
    if (!sent) break;
    timeline.markSending(p.clientMessageId);
  }
  render();
}

function sendMessage(): void {
  const check = checkText(ui.input.value);
  const name = me();
  if (!check.ok || !name) return;
  timeline.enqueue({
    clientMessageId: newClientMessageId(),
    roomId: currentRoom,
    sender: name,
    text: check.text,
    createdAt: new Date().toISOString(),
  });
  ui.input.value = '';
  typingThrottle.reset();
  renderCounter();
  flushQueue();
  render('bottom');
}

function selectRoom(roomId: string): void {
  if (roomId === currentRoom) return;
  currentRoom = roomId;
  history.replaceState(null, '', `#${encodeURIComponent(roomId)}`);
  typing.clear();
  typingThrottle.reset();
  messageView.clear();
  // If the socket is not up, the next connection names this room in its URL instead.
  if (socket.send({ action: 'joinRoom', roomId })) awaitingJoin = roomId;
  render('bottom');
  void syncRoom(roomId).then(() => render('bottom'));
  void refreshMembers(roomId);
}

// ---- session --------------------------------------------------------------------------------------------------

function enterChat(): void {
  showView(true);
  render('bottom');
  socket.start();
  void syncRoom(currentRoom);
  void refreshMembers(currentRoom);
  ui.input.focus();
}

function showSignIn(message = ''): void {
  showView(false);
  ui.nameError.textContent = message;
  ui.nameInput.focus();
}

function signOut(message = ''): void {
  const previous = session?.name ?? '';
  socket.stop();
  clearSession(sessionStorage);
  session = null;
  ui.nameInput.value = previous;
  showSignIn(message);
}

function expireSession(): void {
  if (session) signOut('Your session has expired. Sign in again to keep chatting.');
}

async function signIn(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const problem = nameProblem(ui.nameInput.value);
  ui.nameInput.setAttribute('aria-invalid', String(problem !== null));
  if (problem) {
    ui.nameError.textContent = problem;
    ui.nameInput.focus();
    return;
  }
  if (!api) {
    ui.nameError.textContent =
      'The chat server is not reachable right now (no /config.json). Try again later.';
    return;
  }
  ui.signIn.disabled = true;
  ui.nameError.textContent = '';
  try {
    session = await api.createSession(ui.nameInput.value.trim());
    saveSession(sessionStorage, session);
    enterChat();
  } catch (err) {
    // 400 (bad name) and 409 (reserved, e.g. the bot's) carry a message meant for people.
    ui.nameError.textContent = errorText(err);
    ui.nameInput.setAttribute('aria-invalid', 'true');
    ui.nameInput.focus();
  } finally {
    ui.signIn.disabled = false;
  }
}

async function createRoom(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const name = ui.newRoomInput.value.trim();
  if (!name) {
    ui.newRoomError.textContent = 'Give the room a name.';
    return;
  }
  if (!api || !session) return;
  ui.newRoomButton.disabled = true;
  ui.newRoomError.textContent = '';
  try {
    const room = await api.createRoom(session.token, name);
    if (!rooms.some((r) => r.roomId === room.roomId)) rooms = [...rooms, room];
    ui.newRoomInput.value = '';
    selectRoom(room.roomId);
    void refreshRooms();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) expireSession();
    else ui.newRoomError.textContent = errorText(err);
  } finally {
    ui.newRoomButton.disabled = false;
  }
}

// ---- wiring ---------------------------------------------------------------------------------------------------

function wire(): void {
  ui.signinForm.addEventListener('submit', (e) => void signIn(e));
  ui.newRoomForm.addEventListener('submit', (e) => void createRoom(e));
  ui.signOut.addEventListener('click', () => signOut());
  ui.bannerClose.addEventListener('click', () => {
    ui.banner.hidden = true;
  });
  ui.loadOlder.addEventListener('click', () => void loadOlder());
  ui.composer.addEventListener('submit', (e) => {
    e.preventDefault();
    sendMessage();
  });
  ui.input.addEventListener('keydown', (e) => {
    // isComposing: Enter also confirms an IME composition (Japanese, Chinese…); that must not send.
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      sendMessage();
    }
  });
  ui.input.addEventListener('input', () => {
    renderCounter();
    if (ui.input.value.trim() && typingThrottle.shouldSend(Date.now())) {
      socket.send({ action: 'typing', roomId: currentRoom });
    }
  });
  window.addEventListener('hashchange', () => selectRoom(roomFromHash() ?? 'lobby'));
  // `offline` is reliable (no network at all), while a socket on a dead link can look open for minutes.
  window.addEventListener('offline', () => socket.dropNow());
  window.addEventListener('online', () => socket.reconnectNow());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') socket.reconnectNow();
  });
}

async function loadConfig(): Promise<Config> {
  const res = await fetch('/config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: ${res.status}`);
  const c = (await res.json()) as Partial<Config>;
  if (typeof c.httpApiUrl !== 'string' || typeof c.webSocketUrl !== 'string')
    throw new Error('config.json: bad shape');
  return { httpApiUrl: c.httpApiUrl, webSocketUrl: c.webSocketUrl };
}

async function boot(): Promise<void> {
  wire();
  renderCounter();
  render();
  if (session && isExpired(session, Date.now())) {
    ui.nameInput.value = session.name;
    session = null;
    clearSession(sessionStorage);
    showSignIn('Your session has expired. Sign in again to keep chatting.');
  } else if (session) {
    showView(true);
  } else {
    showSignIn();
  }
  try {
    config = await loadConfig();
  } catch {
    showBanner('Cannot load the chat configuration. Check your connection and reload the page.');
    return;
  }
  api = createApi(config.httpApiUrl);
  void refreshRooms();
  if (session) enterChat();
}

void boot();
