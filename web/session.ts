/**
 * Who the page is signed in as: a guest or an account; sign-in, sign-out, expiry and an account's token refresh.
 * The tokens live in sessionStorage (one per tab, so two tabs can be two people) through session-store.ts; what the
 * person sees goes through a SignInView. The account forms themselves are account-flow.ts's.
 */
import { readAccessToken } from './access-token';
import { type Api, ApiError, errorText } from './api';
import type { Clock } from './clock';
import { type Cognito, CognitoError, type CognitoTokens } from './cognito';
import {
  clearSession,
  expiresAtMs,
  isExpired,
  loadSession,
  type PageSession,
  saveSession,
} from './session-store';
import { RefreshSchedule } from './token-refresh';
import { nameProblem } from './validate';

export const expiredMessage = 'Your session has expired. Sign in again to keep chatting.';
export const noServerMessage =
  'The chat server is not reachable right now (no /config.json). Try again later.';

export interface SignInView {
  /** The sign-in form with `message` under the name box; `name` refills the box when given. */
  showSignIn(message: string, name?: string): void;
  /** The account sign-in form with `message`, the username filled in (an account's sign-out or expiry). */
  showAccountSignIn(message: string, username: string): void;
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
  /** Cognito's refresh and revocation; null without accounts (no `auth` in config.json) or before the config. */
  accounts?: () => Pick<Cognito, 'refresh' | 'revokeToken'> | null;
  /** Plans an account's refresh before its access token expires. */
  clock?: Clock;
  /** An account's access token was renewed: a socket that stopped for want of a valid one may start again. */
  onRenewed?: () => void;
}

/** After a refresh that could not reach Cognito (offline, an outage), the next try. */
export const refreshRetryMs = 30_000;

export class SessionController {
  private session: PageSession | null;
  /** The refresh under way: one at a time, whoever asks (the timer, a refused socket, a 401). */
  private renewing: Promise<boolean> | null = null;
  private readonly schedule: RefreshSchedule | null;

  constructor(private readonly deps: SessionDeps) {
    this.session = loadSession(deps.storage);
    this.schedule = deps.clock ? new RefreshSchedule(deps.clock) : null;
  }

  get current(): PageSession | null {
    return this.session;
  }

  /** How the page signed in: messages it sends show as the server will mark them. */
  get senderType(): 'guest' | 'user' {
    return this.session?.kind === 'account' ? 'user' : 'guest';
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
    // An account's access token is refreshed at resume(), once the config says where Cognito is.
    if (this.session?.kind === 'account' && this.session.refreshToken) {
      view.showChat(this.session.name);
    } else if (this.session && this.expired()) {
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
    if (!this.session) return;
    if (this.session.kind === 'account' && this.expired()) {
      // Enter once refreshed (the socket needs a valid token); a refused refresh shows the sign-in form.
      void this.renew().then((ok) => {
        if (ok && this.session) this.enter(this.session);
      });
      return;
    }
    this.enter(this.session);
  }

  /**
   * An account signed in (account-flow.ts): keeps its tokens, plans the refresh and enters the chat. False when
   * the access token cannot be read (no username or expiry): the page does not hold what it cannot refresh.
   */
  signInAccount(tokens: CognitoTokens): boolean {
    const claims = readAccessToken(tokens.accessToken);
    if (!claims) return false;
    const session: PageSession = {
      kind: 'account',
      token: tokens.accessToken,
      name: claims.username,
      expiresAt: new Date(claims.expiresAtMs).toISOString(),
    };
    if (tokens.refreshToken) session.refreshToken = tokens.refreshToken;
    this.session = session;
    saveSession(this.deps.storage, session);
    this.enter(session);
    return true;
  }

  /**
   * Refreshes an account's access token (REFRESH_TOKEN_AUTH), one refresh at a time. True once the new token is
   * kept; a refusal (the refresh token expired or was revoked) signs out with the expiry message; an unreachable
   * Cognito keeps the session and tries again later. A guest's token cannot be refreshed: false.
   */
  renew(): Promise<boolean> {
    this.renewing ??= this.refreshAccount().finally(() => {
      this.renewing = null;
    });
    return this.renewing;
  }

  /**
   * The server (or the clock) says the token is no longer good: an account refreshes it, and signs out only if
   * that fails; a guest signs in again.
   */
  tokenRefused(): void {
    if (this.session?.kind === 'account') void this.renew();
    else this.expire();
  }

  /**
   * Runs an HTTP call with the session's token. An account's token refused as expired (`token_expired`, e.g. after
   * the computer slept through the planned refresh) is refreshed and the call made once more.
   */
  async authorized<T>(call: (token: string) => Promise<T>): Promise<T> {
    const session = this.session;
    if (!session) throw new ApiError(401, 'unauthorized', 'Sign in first.');
    try {
      return await call(session.token);
    } catch (err) {
      if (
        !(err instanceof ApiError && err.status === 401 && err.code === 'token_expired') ||
        session.kind !== 'account' ||
        !(await this.renew()) ||
        !this.session
      )
        throw err;
      return call(this.session.token);
    }
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
      const session: PageSession = { ...(await api.createSession(rawName.trim())), kind: 'guest' };
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
    const refreshToken = this.session?.refreshToken;
    const api = this.deps.api();
    const accounts = this.deps.accounts?.() ?? null;
    // Asked before the token is forgotten, so the request can still name the session. An account's refresh token
    // is revoked at Cognito too, so nothing can mint a new access token from it.
    const revoking = Promise.all([
      token && api ? api.deleteSession(token).catch(() => undefined) : undefined,
      refreshToken && accounts ? accounts.revokeToken(refreshToken).catch(() => undefined) : undefined,
    ]);
    this.forget('');
    await revoking;
  }

  /** The server or the clock says the token is no longer good: back to the sign-in form, name kept. */
  expire(): void {
    if (this.session) this.forget(expiredMessage);
  }

  private async refreshAccount(): Promise<boolean> {
    const session = this.session;
    const accounts = this.deps.accounts?.() ?? null;
    if (session?.kind !== 'account' || !accounts) return false;
    if (!session.refreshToken) {
      this.expire();
      return false;
    }
    let tokens: CognitoTokens;
    try {
      tokens = await accounts.refresh(session.refreshToken);
    } catch (err) {
      // Signed out meanwhile, or another sign-in replaced this session: nothing to do.
      if (this.session !== session) return false;
      if (err instanceof CognitoError && (err.code === 'NetworkError' || err.status >= 500)) {
        this.schedule?.retryIn(refreshRetryMs, () => void this.renew());
        return false;
      }
      this.expire();
      return false;
    }
    const claims = readAccessToken(tokens.accessToken);
    if (this.session !== session) return false;
    if (!claims) {
      this.expire();
      return false;
    }
    const renewed: PageSession = {
      ...session,
      token: tokens.accessToken,
      expiresAt: new Date(claims.expiresAtMs).toISOString(),
      ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
    };
    this.session = renewed;
    saveSession(this.deps.storage, renewed);
    this.planRefresh(renewed);
    this.deps.onRenewed?.();
    return true;
  }

  private planRefresh(session: PageSession): void {
    const at = expiresAtMs(session.expiresAt);
    if (session.kind === 'account' && at !== null) this.schedule?.plan(at, () => void this.renew());
  }

  private forget(message: string): void {
    const previous = this.session;
    this.schedule?.cancel();
    this.deps.onSignOut();
    clearSession(this.deps.storage);
    this.session = null;
    if (previous?.kind === 'account') this.deps.view.showAccountSignIn(message, previous.name);
    else this.deps.view.showSignIn(message, previous?.name ?? '');
  }

  private enter(session: PageSession): void {
    this.planRefresh(session);
    this.deps.view.showChat(session.name);
    this.deps.onSignIn();
  }
}
