/** "New direct message" (issue 16): POST /dms with the other account's name, then the conversation opens. */
import { canonicalName } from '../lambdas/contract/canonical-name';
import type { AccessApi } from './access-api';
import { dmErrorText } from './access-errors';
import type { Room } from './types';

export interface DirectMessageForm {
  showProblem(message: string): void;
  setBusy(busy: boolean): void;
  clear(): void;
}

export interface DirectMessagesDeps {
  api: () => Pick<AccessApi, 'openDm'> | null;
  authorized: <T>(call: (token: string) => Promise<T>) => Promise<T>;
  me: () => string | null;
  /** Guests have no direct messages: the page says so before asking the server. */
  isAccount: () => boolean;
  view: DirectMessageForm;
  /** The conversation: listed under direct messages and opened. */
  enter: (room: Room) => void;
}

export class DirectMessages {
  constructor(private readonly deps: DirectMessagesDeps) {}

  async open(rawName: string): Promise<void> {
    const { view } = this.deps;
    const name = rawName.trim();
    if (!name) return view.showProblem('Whose name? Type an account’s username.');
    if (!this.deps.isAccount())
      return view.showProblem('Direct messages are for accounts: sign in with an account to send one.');
    const me = this.deps.me();
    if (me && canonicalName(me) === canonicalName(name))
      return view.showProblem('That is you: pick someone else.');
    const api = this.deps.api();
    if (!api) return;
    view.setBusy(true);
    view.showProblem('');
    try {
      const room = await this.deps.authorized((token) => api.openDm(token, name));
      view.clear();
      this.deps.enter(room);
    } catch (err) {
      view.showProblem(dmErrorText(err, name));
    } finally {
      view.setBusy(false);
    }
  }
}
