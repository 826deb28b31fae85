/**
 * The sign-in screen (the guest's form, beside the account card of account-view.ts), the chat view it gives way
 * to, and "Signed in as … / Sign out" in the top bar.
 */
import type { AccountForm } from './account-flow';
import type { SessionController, SignInView } from './session';

/** The account card's part in this screen (account-flow.ts): its start form, or its sign-in form with a message. */
export interface AccountForms {
  open(form: AccountForm, state: { username?: string; problem?: string; focus?: boolean }): void;
}

export interface SignInElements {
  signinView: HTMLElement;
  form: HTMLFormElement;
  nameInput: HTMLInputElement;
  nameProblem: HTMLElement;
  signIn: HTMLButtonElement;
  chatView: HTMLElement;
  me: HTMLElement;
  meName: HTMLElement;
  signOut: HTMLButtonElement;
}

export class DomSignInView implements SignInView {
  constructor(
    private readonly els: SignInElements,
    private readonly accounts?: AccountForms,
  ) {}

  showSignIn(message: string, name?: string): void {
    const { nameInput, nameProblem } = this.els;
    if (name !== undefined) nameInput.value = name;
    this.showView(false, '');
    // The start: the account card's sign-in form beside this one, the focus here.
    this.accounts?.open('signIn', { focus: false });
    nameProblem.textContent = message;
    nameInput.focus();
  }

  showAccountSignIn(message: string, username: string): void {
    this.showView(false, '');
    this.els.nameProblem.textContent = '';
    this.accounts?.open('signIn', { username, problem: message });
  }

  showChat(name: string): void {
    this.showView(true, name);
  }

  showNameProblem(message: string, invalid: boolean): void {
    const { nameInput, nameProblem } = this.els;
    nameProblem.textContent = message;
    nameInput.setAttribute('aria-invalid', String(invalid));
    if (invalid) nameInput.focus();
  }

  setBusy(busy: boolean): void {
    this.els.signIn.disabled = busy;
  }

  bind(session: SessionController): void {
    this.els.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void session.signIn(this.els.nameInput.value);
    });
    this.els.signOut.addEventListener('click', () => session.signOut());
  }

  private showView(signedIn: boolean, name: string): void {
    const { signinView, chatView, me, meName } = this.els;
    signinView.hidden = signedIn;
    chatView.hidden = !signedIn;
    me.hidden = !signedIn;
    meName.textContent = name;
  }
}
