/**
 * Who the page is signed in as: sign-in, sign-out and expiry. The token lives in sessionStorage (one per tab, so
 * two tabs can be two people) through session-store.ts; what the person sees goes through a SignInView.
 */
import { type Api, errorText } from './api';
import { clearSession, isExpired, loadSession, saveSession } from './session-store';
import type { Session } from './types';
import { nameProblem } from './validate';

export const expiredMessage = 'Your session has expired. Sign in again to keep chatting.';
export const noServerMessage =
  'The chat server is not reachable right now (no /config.json). Try again later.';

export interface SignInView {
  /** The sign-in form with `message` under the name box; `name` refills the box when given. */
  showSignIn(message: string, name?: string): void;
  /** The chat, with "Signed in as `name`". */
  showChat(name: string): void;
  /** The text under the name box; `invalid` marks the box (and puts the focus there) for the person to fix. */
  showNameProblem(message: string, invalid: boolean): void;
  /** While a sign-in is under way the button is disabled, so one click makes one session. */
  setBusy(busy: boolean): void;
}

export interface SessionDeps {
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  now: () => number;
  /** Null until config.json says where the API is. */
  api: () => Pick<Api, 'createSession' | 'deleteSession'> | null;
  view: SignInView;
  /** Signed in (or restored): start the socket and load the room. */
  onSignIn: () => void;
  /** About to forget the session: stop the socket while the token still names the person. */
  onSignOut: () => void;
}

export class SessionController {
  private session: Session | null;

  constructor(private readonly deps: SessionDeps) {
    this.session = loadSession(deps.storage);
  }

  get current(): Session | null {
    return this.session;
  }

  get name(): string | null {
    return this.session?.name ?? null;
  }

  /** Whether the session the page holds is (about to be) expired; false when signed out. */
  expired(): boolean {
    return this.session !== null && isExpired(this.session, this.deps.now());
  }

  /**
   * At page load: a stored session that is still valid shows the chat at once (the socket waits for the
   * config, see `resume`); an expired one asks the person to sign in again under the same name.
   */
  restore(): void {
    const { view, storage } = this.deps;
    if (this.session && this.expired()) {
      const name = this.session.name;
      this.session = null;
      clearSession(storage);
      view.showSignIn(expiredMessage, name);
    } else if (this.session) {
      view.showChat(this.session.name);
    } else {
      view.showSignIn('');
    }
  }

  /** Once the API is known: a restored session enters the chat. */
  resume(): void {
    if (this.session) this.enter(this.session);
  }

  async signIn(rawName: string): Promise<void> {
    const { view, storage } = this.deps;
    const problem = nameProblem(rawName);
    if (problem) {
      view.showNameProblem(problem, true);
      return;
    }
    const api = this.deps.api();
    if (!api) {
      view.showNameProblem(noServerMessage, false);
      return;
    }
    view.setBusy(true);
    view.showNameProblem('', false);
    try {
      const session = await api.createSession(rawName.trim());
      this.session = session;
      saveSession(storage, session);
      this.enter(session);
    } catch (err) {
      // 400 (bad name) and 409 (reserved, e.g. the bot's) carry a message meant for people.
      view.showNameProblem(errorText(err), true);
    } finally {
      view.setBusy(false);
    }
  }

  /**
   * The person signs out: the server ends the session (its token stops working, its sockets close, its name is
   * free for anyone), then the page forgets it. The page signs out at once whatever the server answers: a server
   * out of reach leaves a token that expires on its own, nothing the person needs to hear about. Resolves once
   * the server has answered (or failed to).
   */
  async signOut(): Promise<void> {
    const token = this.session && !this.expired() ? this.session.token : null;
    const api = this.deps.api();
    // Asked before the token is forgotten, so the request can still name the session.
    const revoking = token && api ? api.deleteSession(token).catch(() => undefined) : undefined;
    this.forget('');
    await revoking;
  }

  /** The server or the clock says the token is no longer good: back to the sign-in form, name kept. */
  expire(): void {
    if (this.session) this.forget(expiredMessage);
  }

  private forget(message: string): void {
    const previous = this.session?.name ?? '';
    this.deps.onSignOut();
    clearSession(this.deps.storage);
    this.session = null;
    this.deps.view.showSignIn(message, previous);
  }

  private enter(session: Session): void {
    this.deps.view.showChat(session.name);
    this.deps.onSignIn();
  }
}
