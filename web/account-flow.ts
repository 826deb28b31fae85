/**
 * The account forms' logic: sign in, create an account and verify its e-mail with a code, reset a forgotten
 * password. Each step calls Cognito (cognito.ts) and moves to the next; what the person sees goes through an
 * AccountView. A signed-in account is handed to the session (session.ts), which keeps and refreshes its tokens.
 */
import {
  codeProblem,
  emailProblem,
  newPasswordProblem,
  passwordProblem,
  usernameProblem,
} from './account-fields';
import type { CodeDelivery, Cognito, CognitoTokens } from './cognito';
import { type AccountField, accountProblem } from './cognito-errors';

/** The forms, one at a time: `signIn` is the start (beside the guest form). */
export type AccountForm = 'signIn' | 'signUp' | 'confirm' | 'forgot' | 'reset';

export interface AccountView {
  /**
   * Shows `form` (hiding the others), the username filled in where the form has it, `info` in the status line
   * and `problem` as the error. `focus`: move the focus to the form's first field left to fill.
   */
  showForm(
    form: AccountForm,
    state: { username: string; info?: string; problem?: string; focus: boolean },
  ): void;
  /** An error under the forms; `field` is marked invalid and focused. An empty message clears it. */
  showProblem(message: string, field?: AccountField): void;
  showInfo(message: string): void;
  /** While a call is under way the form's buttons are disabled, so one press makes one call. */
  setBusy(busy: boolean): void;
}

export interface AccountFlowDeps {
  /** Null until config.json is read, or when it names no user pool. */
  cognito: () => Pick<
    Cognito,
    'signUp' | 'confirmSignUp' | 'resendCode' | 'signIn' | 'forgotPassword' | 'confirmForgotPassword'
  > | null;
  view: AccountView;
  /** Signed in: the session keeps the tokens and enters the chat (false: the tokens could not be used). */
  onSignedIn: (tokens: CognitoTokens) => boolean;
}

export const noAccountsMessage = 'Accounts are not available right now. You can still join as a guest.';

const sentTo = (delivery: CodeDelivery, what: string) =>
  delivery.destination ? `We sent ${what} to ${delivery.destination}.` : `We sent ${what} by e-mail.`;

export class AccountFlow {
  private form: AccountForm = 'signIn';
  /** Carried from step to step: the code steps need it, and the person should not type it twice. */
  private username = '';

  constructor(private readonly deps: AccountFlowDeps) {}

  get current(): AccountForm {
    return this.form;
  }

  /** Moves to another form (a link, or the session after a sign-out or an expiry). */
  open(
    form: AccountForm,
    state: { username?: string; info?: string; problem?: string; focus?: boolean } = {},
  ): void {
    if (state.username !== undefined) this.username = state.username;
    this.form = form;
    this.deps.view.showForm(form, {
      username: this.username,
      focus: state.focus ?? true,
      ...(state.info ? { info: state.info } : {}),
      ...(state.problem ? { problem: state.problem } : {}),
    });
  }

  async signIn(rawUsername: string, password: string): Promise<void> {
    const username = rawUsername.trim();
    const problem = this.check([
      [usernameProblem(username), 'username'],
      [passwordProblem(password), 'password'],
    ]);
    if (problem) return;
    this.username = username;
    await this.run('signIn', async (cognito) => {
      const tokens = await cognito.signIn(username, password);
      if (!this.deps.onSignedIn(tokens))
        this.deps.view.showProblem('The sign-in service sent a token this page cannot read.');
      // Signed in: the form is emptied (no password left in the page) for the next sign-in.
      else this.open('signIn', { focus: false });
    });
  }

  async signUp(rawUsername: string, rawEmail: string, password: string): Promise<void> {
    const username = rawUsername.trim();
    const email = rawEmail.trim();
    if (
      this.check([
        [usernameProblem(username), 'username'],
        [emailProblem(email), 'email'],
        [newPasswordProblem(password), 'password'],
      ])
    )
      return;
    this.username = username;
    await this.run('signUp', async (cognito) => {
      const result = await cognito.signUp(username, email, password);
      if (result.confirmed) this.open('signIn', { info: 'Your account is ready. Sign in.' });
      else
        this.open('confirm', { info: `${sentTo(result, 'a code')} Enter it to verify your e-mail address.` });
    });
  }

  async confirm(rawCode: string): Promise<void> {
    const code = rawCode.trim();
    if (this.check([[codeProblem(code), 'code']])) return;
    await this.run('confirm', async (cognito) => {
      await cognito.confirmSignUp(this.username, code);
      this.open('signIn', { info: 'Your e-mail address is verified. Sign in with your password.' });
    });
  }

  /** "Send a new code": the sign-up code again, or the reset code again on the reset form. */
  async resend(): Promise<void> {
    const reset = this.form === 'reset';
    await this.run(reset ? 'forgot' : 'resend', async (cognito) => {
      const delivery = reset
        ? await cognito.forgotPassword(this.username)
        : await cognito.resendCode(this.username);
      this.deps.view.showInfo(sentTo(delivery, 'a new code'));
    });
  }

  async forgot(rawUsername: string): Promise<void> {
    const username = rawUsername.trim();
    if (this.check([[usernameProblem(username), 'username']])) return;
    this.username = username;
    await this.run('forgot', async (cognito) => {
      const delivery = await cognito.forgotPassword(username);
      this.open('reset', { info: `${sentTo(delivery, 'a code')} Enter it with a new password.` });
    });
  }

  async reset(rawCode: string, password: string): Promise<void> {
    const code = rawCode.trim();
    if (
      this.check([
        [codeProblem(code), 'code'],
        [newPasswordProblem(password), 'password'],
      ])
    )
      return;
    await this.run('reset', async (cognito) => {
      await cognito.confirmForgotPassword(this.username, code, password);
      this.open('signIn', { info: 'Your password is changed. Sign in with the new one.' });
    });
  }

  /** Shows the first problem found; true when there was one. */
  private check(checks: [string | null, AccountField][]): boolean {
    const found = checks.find(([problem]) => problem !== null);
    if (!found?.[0]) return false;
    this.deps.view.showProblem(found[0], found[1]);
    return true;
  }

  private async run(
    step: Parameters<typeof accountProblem>[1],
    action: (cognito: NonNullable<ReturnType<AccountFlowDeps['cognito']>>) => Promise<void>,
  ): Promise<void> {
    const { view } = this.deps;
    const cognito = this.deps.cognito();
    if (!cognito) {
      view.showProblem(noAccountsMessage);
      return;
    }
    view.setBusy(true);
    view.showProblem('');
    try {
      await action(cognito);
    } catch (err) {
      const problem = accountProblem(err, step);
      // Signed up but never verified: the code step, with a way to ask for a new code.
      if (problem.unconfirmed) this.open('confirm', { problem: problem.message });
      else view.showProblem(problem.message, problem.field);
    } finally {
      view.setBusy(false);
    }
  }
}
