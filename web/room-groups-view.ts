/**
 * The side bar's two lists (issue 16): rooms (the lobby, public and private rooms, with the "new room" form and
 * its visibility choice) and, apart, direct messages titled by the other person (with the "new direct message"
 * form). Each list is a DomRoomsView; this splits the room list between them and draws the open room's title.
 */
import type { DirectMessageForm, DirectMessages } from './direct-messages';
import { groupRooms, roomTitle } from './room-groups';
import type { Rooms, RoomsView } from './rooms';
import { DomRoomsView, type RoomsElements } from './rooms-view';
import type { Room } from './types';
import type { RoomCounts } from './unread';

export interface RoomGroupsElements {
  rooms: Omit<RoomsElements, 'title'>;
  title: HTMLElement;
  /** The "private" radio of the new-room form, and the line saying why a guest cannot choose it. */
  privateChoice: HTMLInputElement;
  privateHint: HTMLElement;
  dms: {
    section: HTMLElement;
    list: HTMLElement;
    form: HTMLFormElement;
    input: HTMLInputElement;
    button: HTMLButtonElement;
    problem: HTMLElement;
  };
}

export class RoomGroupsView implements RoomsView, DirectMessageForm {
  private readonly rooms: DomRoomsView;
  private readonly dms: DomRoomsView;

  constructor(
    private readonly els: RoomGroupsElements,
    select: (roomId: string) => void,
  ) {
    // Each list's own title goes nowhere: the open room may be in either, and only this view sees both.
    const nowhere = () => document.createElement('span');
    this.rooms = new DomRoomsView({ ...els.rooms, title: nowhere() }, select);
    const { list, form, input, button, problem } = els.dms;
    this.dms = new DomRoomsView({ list, form, input, button, problem, title: nowhere() }, select);
    // Direct messages come in one page: their list's "more" marker stays hidden, under a test id of its own.
    list.querySelector('[data-testid="rooms-more"]')?.setAttribute('data-testid', 'dms-more');
  }

  showRooms(list: readonly Room[], current: string, hasMore: boolean): void {
    const { rooms, dms } = groupRooms(list);
    this.rooms.showRooms(rooms, current, hasMore);
    this.dms.showRooms(dms, current, false);
    this.els.dms.section.dataset.count = String(dms.length);
    this.els.title.textContent = roomTitle(list, current);
  }

  showCounts(counts: ReadonlyMap<string, RoomCounts>): void {
    this.rooms.showCounts(counts);
    this.dms.showCounts(counts);
  }

  showCreateProblem(message: string): void {
    this.rooms.showCreateProblem(message);
  }

  setCreating(busy: boolean): void {
    this.rooms.setCreating(busy);
  }

  clearCreateInput(): void {
    this.rooms.clearCreateInput();
  }

  // The direct-message form (DirectMessageForm).
  showProblem(message: string): void {
    this.els.dms.problem.textContent = message;
  }

  setBusy(busy: boolean): void {
    this.els.dms.button.disabled = busy;
  }

  clear(): void {
    this.els.dms.input.value = '';
  }

  /**
   * Guests make public rooms only and have no direct messages: the private choice is disabled with the reason
   * beside it (read with the radio), and the direct-message form says why rather than vanishing.
   */
  setAccount(isAccount: boolean): void {
    const { privateChoice, privateHint, dms } = this.els;
    privateChoice.disabled = !isAccount;
    if (!isAccount) privateChoice.checked = false;
    const publicChoice = privateChoice.form?.querySelector<HTMLInputElement>('input[value="public"]');
    if (!isAccount && publicChoice) publicChoice.checked = true;
    privateHint.textContent = isAccount
      ? 'Private: only the people you add see it.'
      : 'Private rooms need an account: sign in with one to make them.';
    dms.input.disabled = !isAccount;
    dms.button.disabled = !isAccount;
    dms.problem.textContent = isAccount
      ? ''
      : 'Direct messages are for accounts: sign in with one to send them.';
  }

  bind(rooms: Rooms, directMessages: DirectMessages): void {
    this.rooms.bind(rooms);
    this.els.dms.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void directMessages.open(this.els.dms.input.value);
    });
  }
}
