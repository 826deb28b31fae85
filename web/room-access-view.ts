/**
 * The room's roles panel (issue 16), beside who is here: who owns and moderates the room (and a private room's
 * members), and for those who may, adding and removing members, leaving, muting and removing a person for a time,
 * lifting both, and the moderation log. Every control is a labelled form control or button; results are said in
 * a status region.
 */
import type { ModerationEntry } from '../lambdas/contract/access';
import { limits } from '../lambdas/contract/limits';
import { el } from './dom';
import { formatTime } from './format';
import type { AccessState, RoomAccess, RoomAccessView, SanctionKind } from './room-access';

export interface RoomAccessElements {
  section: HTMLElement;
  /** The disclosure around the forms and the log ("Manage this room"), shown to those who may use them. */
  manage: HTMLDetailsElement;
  roles: HTMLElement;
  standing: HTMLElement;
  leave: HTMLButtonElement;
  addForm: HTMLFormElement;
  addName: HTMLInputElement;
  addRole: HTMLSelectElement;
  moderateForm: HTMLFormElement;
  moderateName: HTMLInputElement;
  moderateMinutes: HTMLInputElement;
  moderateReason: HTMLInputElement;
  showLog: HTMLButtonElement;
  log: HTMLElement;
  problem: HTMLElement;
  done: HTMLElement;
}

const actionWords: Record<ModerationEntry['action'], string> = {
  addMember: 'added',
  removeMember: 'took the role of',
  leave: 'left',
  deleteMessage: 'deleted',
  remove: 'removed',
  unremove: 'let back in',
  mute: 'muted',
  unmute: 'unmuted',
};

/** One line of the log: "14:05 Ada muted Mallory until 14:15 (spam)". */
export function logLine(entry: ModerationEntry, now: Date): string {
  const parts = [formatTime(entry.at, now), entry.actor, actionWords[entry.action]];
  if (entry.action === 'deleteMessage') parts.push(entry.target ? `${entry.target}’s message` : 'a message');
  else if (entry.target && entry.action !== 'leave') parts.push(entry.target);
  if (entry.role && entry.action === 'addMember') parts.push(`as ${entry.role}`);
  if (entry.until) parts.push(`until ${formatTime(entry.until, now)}`);
  const line = parts.join(' ');
  return entry.reason ? `${line} (${entry.reason})` : line;
}

const standingWords = {
  owner: 'You own this room.',
  moderator: 'You moderate this room.',
  member: 'You are a member of this room.',
  admin: 'You moderate every public room (admin).',
} as const;

export class DomRoomAccessView implements RoomAccessView {
  constructor(private readonly els: RoomAccessElements) {
    els.moderateMinutes.max = String(limits.moderation.maxMinutes);
    els.moderateReason.maxLength = limits.moderation.reasonMaxLength;
  }

  private access: RoomAccess | null = null;
  /** The room last shown: another room starts the role choice over at its default. */
  private shownRoom: string | null = null;

  show(state: AccessState): void {
    const { roles, standing, leave, addForm, addRole, moderateForm, showLog } = this.els;
    const people = state.roles?.people ?? [];
    const items = people.map((p) => {
      const li = el(
        'li',
        { className: 'role', attrs: { 'data-testid': 'role', 'data-name': p.name, 'data-role': p.role } },
        [
          el('span', { className: 'role-name', text: p.name }),
          el('span', { className: 'role-kind', text: p.role }),
        ],
      );
      if (this.mayTakeRole(state, p.role)) {
        const isPrivate = state.roles?.visibility === 'private';
        const take = el('button', {
          className: 'link',
          text: 'Remove',
          attrs: {
            type: 'button',
            'data-testid': 'remove-member-button',
            'aria-label': isPrivate ? `Remove ${p.name} from this room` : `Take ${p.name}’s moderator role`,
          },
        });
        take.addEventListener('click', () => void this.access?.removeMember(p.name));
        li.append(take);
      }
      return li;
    });
    const admins = state.roles?.admins ?? [];
    if (admins.length > 0)
      items.push(
        el('li', {
          className: 'role',
          text: `Admins: ${admins.join(', ')}`,
          attrs: { 'data-testid': 'admins' },
        }),
      );
    if (items.length === 0) items.push(el('li', { className: 'role none', text: 'Nobody' }));
    roles.replaceChildren(...items);
    standing.textContent = state.standing ? standingWords[state.standing] : '';
    leave.hidden = !state.canLeave;
    addForm.hidden = !state.manageMembers && !state.makeModerators;
    // The roles the reader may give: a private room's members by its managers, moderators by the owner (or an admin).
    for (const option of addRole.options) {
      option.disabled = option.value === 'moderator' ? !state.makeModerators : !state.manageMembers;
    }
    const firstAllowed = [...addRole.options].find((o) => !o.disabled);
    // Another room's roles start the choice over at its default (a private room's: member).
    if ((state.roomId !== this.shownRoom || addRole.selectedOptions[0]?.disabled) && firstAllowed) {
      addRole.value = firstAllowed.value;
      this.shownRoom = state.roomId;
    }
    const moderator =
      state.standing === 'owner' || state.standing === 'moderator' || state.standing === 'admin';
    moderateForm.hidden = !moderator;
    showLog.hidden = !moderator;
    this.els.manage.hidden = addForm.hidden && !moderator;
    if (!moderator) this.showLog(null);
  }

  showProblem(message: string): void {
    this.els.problem.textContent = message;
  }

  showDone(message: string): void {
    // Set anew, so the same words twice are still read.
    this.els.done.textContent = '';
    this.els.done.textContent = message;
  }

  showLog(entries: readonly ModerationEntry[] | null): void {
    const { log, showLog } = this.els;
    log.hidden = entries === null;
    showLog.setAttribute('aria-expanded', String(entries !== null));
    if (entries === null) {
      log.replaceChildren();
      return;
    }
    const now = new Date();
    log.replaceChildren(
      ...(entries.length === 0
        ? [el('li', { text: 'Nothing yet.' })]
        : entries.map((e) =>
            el('li', {
              text: logLine(e, now),
              attrs: { 'data-testid': 'log-entry', 'data-action': e.action },
            }),
          )),
    );
  }

  /** A message's "Moderate" button: the person's name in the form, the focus on it. */
  moderate(name: string): void {
    const { section, manage, moderateForm, moderateName } = this.els;
    if (moderateForm.hidden) return;
    manage.open = true;
    moderateName.value = name;
    section.scrollIntoView({ block: 'nearest' });
    moderateName.focus();
  }

  bind(access: RoomAccess): void {
    this.access = access;
    const {
      leave,
      addForm,
      addName,
      addRole,
      moderateForm,
      moderateName,
      moderateMinutes,
      moderateReason,
      showLog,
    } = this.els;
    leave.addEventListener('click', () => void access.leave());
    addForm.addEventListener('submit', (e) => {
      e.preventDefault();
      const role = addRole.value === 'moderator' ? 'moderator' : 'member';
      void access.addMember(addName.value, role).then(() => {
        if (!this.els.problem.textContent) addName.value = '';
      });
    });
    // Enter in the form mutes (the lighter sanction); each button says what it does.
    const sanction = (kind: SanctionKind) =>
      void access.sanction(kind, moderateName.value, Number(moderateMinutes.value), moderateReason.value);
    const lift = (kind: SanctionKind) => void access.lift(kind, moderateName.value);
    moderateForm.addEventListener('submit', (e) => {
      e.preventDefault();
      sanction('mute');
    });
    for (const button of moderateForm.querySelectorAll<HTMLButtonElement>('button[data-do]')) {
      button.addEventListener('click', () => {
        const what = button.dataset.do;
        if (what === 'mute' || what === 'removal') sanction(what);
        else if (what === 'unmute') lift('mute');
        else if (what === 'unremove') lift('removal');
      });
    }
    showLog.addEventListener('click', () => {
      if (showLog.getAttribute('aria-expanded') === 'true') this.showLog(null);
      else void access.showLog();
    });
  }

  /** Owners take anyone's role but their own; moderators only a private room's members'. */
  private mayTakeRole(state: AccessState, role: string): boolean {
    if (role === 'owner') return false;
    if (state.standing === 'owner') return true;
    if (state.standing === 'admin' && state.roles?.visibility === 'public') return true;
    return state.standing === 'moderator' && role === 'member';
  }
}
