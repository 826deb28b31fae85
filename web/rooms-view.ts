/** The room list, the open room's title and the "new room" form on screen. */
import { el } from './dom';
import { isPrivateRoom, roomLabel, roomTitle } from './room-groups';
import type { Rooms, RoomsView } from './rooms';
import type { Room } from './types';
import { countLabel, countsDescription, type RoomCounts } from './unread';

export interface RoomsElements {
  list: HTMLElement;
  title: HTMLElement;
  form: HTMLFormElement;
  input: HTMLInputElement;
  button: HTMLButtonElement;
  problem: HTMLElement;
}

interface RoomItem {
  li: HTMLElement;
  button: HTMLElement;
  /** The room's name in the button, beside its counts. */
  label: HTMLElement;
  counts: HTMLElement;
  /** The label shown (roomLabel). */
  name: string;
}

export class DomRoomsView implements RoomsView {
  /** One list item per room, kept across draws: a draw adds, moves or removes only what changed. */
  private readonly items = new Map<string, RoomItem>();
  /**
   * The last item, shown while more rooms can be loaded: when it scrolls into view (in the side bar, or the
   * row of rooms on a narrow screen) the next page is asked for.
   */
  private readonly more: HTMLElement;
  private observer: IntersectionObserver | null = null;

  constructor(
    private readonly els: RoomsElements,
    private readonly select: (roomId: string) => void,
  ) {
    this.more = el('li', {
      className: 'room-more',
      text: 'More rooms…',
      attrs: { 'data-testid': 'rooms-more', 'aria-hidden': 'true' },
    });
    this.more.hidden = true;
    els.list.append(this.more);
  }

  showRooms(rooms: readonly Room[], current: string, hasMore: boolean): void {
    const { list, title } = this.els;
    title.textContent = roomTitle(rooms, current);
    const wanted = new Set(rooms.map((r) => r.roomId));
    for (const [roomId, item] of this.items) {
      if (!wanted.has(roomId)) {
        item.li.remove();
        this.items.delete(roomId);
      }
    }
    rooms.forEach((room, index) => {
      const item = this.items.get(room.roomId) ?? this.add(room);
      if (item.name !== roomLabel(room)) {
        item.label.textContent = roomLabel(room);
        item.name = roomLabel(room);
      }
      if (room.roomId === current) item.button.setAttribute('aria-current', 'page');
      else item.button.removeAttribute('aria-current');
      // Moved only when out of place, so a focused button keeps its focus.
      const here = list.children[index];
      if (here !== item.li) list.insertBefore(item.li, here ?? this.more);
    });
    this.more.hidden = !hasMore;
    // Observing again reports whether the marker is in view now: a page too short to scroll loads the next.
    if (this.observer) {
      this.observer.unobserve(this.more);
      if (hasMore) this.observer.observe(this.more);
    }
  }

  /**
   * Each room's unread count and, apart, its mentions ("@2"), read out after the room's name ("3 unread, 2
   * mentions"); a room without either shows none.
   */
  showCounts(counts: ReadonlyMap<string, RoomCounts>): void {
    for (const [roomId, item] of this.items) {
      const c = counts.get(roomId) ?? { unread: 0, mentions: 0 };
      const said = countsDescription(c);
      // Drawn on every render of the page: only a change touches the DOM.
      if (item.counts.dataset.said === said) continue;
      item.counts.dataset.said = said;
      item.counts.replaceChildren();
      item.button.dataset.unread = String(c.unread);
      item.button.dataset.mentions = String(c.mentions);
      if (!said) continue;
      item.counts.append(el('span', { className: 'visually-hidden', text: `, ${said}` }));
      if (c.mentions > 0)
        item.counts.append(
          el('span', {
            className: 'room-mentions',
            text: `@${countLabel(c.mentions)}`,
            attrs: { 'aria-hidden': 'true', 'data-testid': 'room-mentions' },
          }),
        );
      item.counts.append(
        el('span', {
          className: 'room-unread',
          text: countLabel(c.unread),
          attrs: { 'aria-hidden': 'true', 'data-testid': 'room-unread' },
        }),
      );
    }
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
      // The visibility radios (issue 16); a form without them makes a public room.
      const visibility = new FormData(this.els.form).get('visibility');
      void rooms.create(this.els.input.value, visibility === 'private' ? 'private' : undefined);
    });
    // Ahead of the end by a few rows, so the next page is there by the time it is scrolled to.
    this.observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) void rooms.loadMore();
      },
      { rootMargin: '200px' },
    );
    if (!this.more.hidden) this.observer.observe(this.more);
  }

  private add(room: Room): RoomItem {
    const label = el('span', { className: 'room-name', text: roomLabel(room) });
    const counts = el('span', { className: 'room-counts' });
    // A private room says so in words, seen and read after its name: not by colour or an icon alone.
    const marks = isPrivateRoom(room)
      ? [
          el('span', { className: 'visually-hidden', text: ',' }),
          el('span', {
            className: 'badge room-private',
            text: 'private',
            attrs: { title: 'Private: only its members see it', 'data-testid': 'room-private' },
          }),
        ]
      : [];
    const button = el(
      'button',
      {
        className: 'room-button',
        attrs: {
          type: 'button',
          'data-testid': 'room',
          'data-room-id': room.roomId,
          ...(isPrivateRoom(room) ? { 'data-private': 'true' } : {}),
        },
      },
      [label, ...marks, counts],
    );
    button.addEventListener('click', () => this.select(room.roomId));
    const item = { li: el('li', {}, [button]), button, label, counts, name: roomLabel(room) };
    this.items.set(room.roomId, item);
    return item;
  }
}
