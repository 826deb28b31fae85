/** The sign-in form, the chat view it gives way to, and "Signed in as … / Sign out" in the top bar. */
import type { SessionController, SignInView } from './session';

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
  constructor(private readonly els: SignInElements) {}

  showSignIn(message: string, name?: string): void {
    const { nameInput, nameProblem } = this.els;
    if (name !== undefined) nameInput.value = name;
    this.showView(false, '');
    nameProblem.textContent = message;
    nameInput.focus();
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
