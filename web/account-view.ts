/**
 * The account card: one form at a time (sign in, create an account, the code, forgot password, a new password),
 * one status line (what was sent where) and one error line that every field names in aria-describedby, so a
 * screen reader reads the error with the field the focus is moved to.
 */
import type { AccountFlow, AccountForm, AccountView } from './account-flow';
import type { AccountField } from './cognito-errors';

export interface AccountElements {
  card: HTMLElement;
  info: HTMLElement;
  error: HTMLElement;
  /** The guest's form: shown beside the account sign-in form only, so each other step has the screen to itself. */
  guest: HTMLElement;
}

const formIds: Record<AccountForm, string> = {
  signIn: 'account-sign-in-form',
  signUp: 'account-sign-up-form',
  confirm: 'account-confirm-form',
  forgot: 'account-forgot-form',
  reset: 'account-reset-form',
};

export class DomAccountView implements AccountView {
  private shown: AccountForm = 'signIn';

  constructor(private readonly els: AccountElements) {}

  /** Shown once config.json names a user pool; without one the page offers guest sign-in only. */
  setAvailable(available: boolean): void {
    this.els.card.hidden = !available;
  }

  showForm(
    form: AccountForm,
    state: { username: string; info?: string; problem?: string; focus: boolean },
  ): void {
    this.shown = form;
    for (const [name, id] of Object.entries(formIds)) this.formEl(id).hidden = name !== form;
    this.els.guest.hidden = form !== 'signIn';
    const el = this.formEl(formIds[form]);
    for (const input of el.querySelectorAll<HTMLInputElement>('input')) {
      input.removeAttribute('aria-invalid');
      // A password or a code never carries over from one visit of a form to the next.
      input.value = input.dataset.field === 'username' ? state.username : '';
    }
    for (const name of el.querySelectorAll<HTMLElement>('[data-username]')) name.textContent = state.username;
    this.els.info.textContent = state.info ?? '';
    this.els.error.textContent = state.problem ?? '';
    if (!state.focus) return;
    // The first field left to fill (the password once the username is known); the heading when all are filled.
    const empty = [...el.querySelectorAll<HTMLInputElement>('input')].find((i) => i.value === '');
    (empty ?? el.querySelector<HTMLElement>('h3'))?.focus();
  }

  showProblem(message: string, field?: AccountField): void {
    this.els.error.textContent = message;
    const form = this.formEl(formIds[this.shown]);
    for (const input of form.querySelectorAll<HTMLInputElement>('input')) {
      if (input.dataset.field === field) {
        input.setAttribute('aria-invalid', 'true');
        input.focus();
      } else input.removeAttribute('aria-invalid');
    }
  }

  showInfo(message: string): void {
    this.els.info.textContent = message;
  }

  setBusy(busy: boolean): void {
    for (const button of this.els.card.querySelectorAll<HTMLButtonElement>('button')) button.disabled = busy;
    this.els.card.setAttribute('aria-busy', String(busy));
  }

  bind(flow: AccountFlow): void {
    const value = (form: HTMLElement, field: string) =>
      form.querySelector<HTMLInputElement>(`input[data-field="${field}"]`)?.value ?? '';
    const submit: Record<AccountForm, (form: HTMLElement) => Promise<void>> = {
      signIn: (f) => flow.signIn(value(f, 'username'), value(f, 'password')),
      signUp: (f) => flow.signUp(value(f, 'username'), value(f, 'email'), value(f, 'password')),
      confirm: (f) => flow.confirm(value(f, 'code')),
      forgot: (f) => flow.forgot(value(f, 'username')),
      reset: (f) => flow.reset(value(f, 'code'), value(f, 'password')),
    };
    for (const [name, id] of Object.entries(formIds) as [AccountForm, string][]) {
      const form = this.formEl(id);
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        void submit[name](form);
      });
    }
    this.els.card.addEventListener('click', (e) => {
      const target = e.target instanceof Element ? e.target.closest<HTMLElement>('button') : null;
      if (!target) return;
      const open = target.dataset.open;
      if (open && open in formIds) {
        // The username typed so far goes along (to the reset form, back to sign in).
        const typed = value(this.formEl(formIds[this.shown]), 'username').trim();
        flow.open(open as AccountForm, typed ? { username: typed } : {});
      } else if (target.hasAttribute('data-resend')) void flow.resend();
    });
  }

  private formEl(id: string): HTMLElement {
    const form = this.els.card.querySelector<HTMLElement>(`#${id}`);
    if (!form) throw new Error(`#${id} is missing from index.html`);
    return form;
  }
}
