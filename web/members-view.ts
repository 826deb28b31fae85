/** The member list ("Here now") and the typing line on screen. */
// limits.ts directly: the contract's index would bring its schemas (and valibot) into the bundle.
import { BOT_NAME } from '../lambdas/contract/limits';
import { avatar } from './avatar';
import { el } from './dom';
import type { MembersView } from './members';

export interface MembersElements {
  list: HTMLElement;
  count: HTMLElement;
  typing: HTMLElement;
}

export class DomMembersView implements MembersView {
  constructor(private readonly els: MembersElements) {}

  showMembers(names: readonly string[], me: string | null, count: number): void {
    const more = count - names.length;
    this.els.list.replaceChildren(
      ...names.map((name) => {
        const item = el(
          'li',
          { className: 'member', attrs: { 'data-testid': 'member', 'data-name': name } },
          [avatar(name), el('span', { className: 'name', text: name })],
        );
        if (name === BOT_NAME) item.append(el('span', { className: 'badge', text: 'bot' }));
        if (name === me) item.append(el('span', { className: 'you', text: '(you)' }));
        return item;
      }),
      // A big room: only its first names are sent; the count says how many more are here.
      ...(more > 0 ? [el('li', { className: 'member more', text: `and ${more} more` })] : []),
    );
    this.els.count.textContent = count > 0 ? `(${count})` : '';
  }

  showTyping(label: string): void {
    this.els.typing.textContent = label;
  }
}
