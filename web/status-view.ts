/** The connection status in the top bar. */
import type { ConnectionState } from './socket';

const labels: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  online: 'Online',
  offline: 'Offline',
};

export function statusLabel(state: ConnectionState, retryInMs?: number): string {
  return state === 'offline' && retryInMs !== undefined
    ? `Offline · retrying in ${Math.max(1, Math.round(retryInMs / 1000))} s`
    : labels[state];
}

export function showStatus(
  node: HTMLElement,
  text: HTMLElement,
  state: ConnectionState,
  retryInMs?: number,
): void {
  node.dataset.state = state;
  text.textContent = statusLabel(state, retryInMs);
}
