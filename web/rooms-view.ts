/** The room list, the open room's title and the "new room" form on screen. */
import { el } from './dom';
import type { Rooms, RoomsView } from './rooms';
import type { Room } from './types';

export interface RoomsElements {
  list: HTMLElement;
  title: HTMLElement;
  form: HTMLFormElement;
  input: HTMLInputElement;
  button: HTMLButtonElement;
  problem: HTMLElement;
}

export class DomRoomsView implements RoomsView {
  constructor(
    private readonly els: RoomsElements,
    private readonly select: (roomId: string) => void,
  ) {}

  showRooms(rooms: readonly Room[], current: string): void {
    const { list, title } = this.els;
    title.textContent = `# ${rooms.find((r) => r.roomId === current)?.name ?? current}`;
    // The list is rebuilt: put the focus back on the room button that had it, for keyboard users.
    const focused = (document.activeElement as HTMLElement | null)?.dataset?.roomId;
    const items = rooms.map((room) => {
      const button = el('button', {
        className: 'room-button',
        text: `# ${room.name}`,
        attrs: { type: 'button', 'data-testid': 'room', 'data-room-id': room.roomId },
      });
      if (room.roomId === current) button.setAttribute('aria-current', 'page');
      button.addEventListener('click', () => this.select(room.roomId));
      return el('li', {}, [button]);
    });
    list.replaceChildren(...items);
    if (focused) list.querySelector<HTMLElement>(`[data-room-id="${CSS.escape(focused)}"]`)?.focus();
  }

  showCreateProblem(message: string): void {
    this.els.problem.textContent = message;
  }

  setCreating(busy: boolean): void {
    this.els.button.disabled = busy;
  }

  clearCreateInput(): void {
    this.els.input.value = '';
  }

  bind(rooms: Rooms): void {
    this.els.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void rooms.create(this.els.input.value);
    });
  }
}
