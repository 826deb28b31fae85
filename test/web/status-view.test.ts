import { describe, expect, it } from 'vitest';
import { statusLabel } from '../../web/status-view';

describe('statusLabel', () => {
  it('names each state, and when offline says when the next attempt comes (at least 1 s)', () => {
    expect(statusLabel('connecting')).toBe('Connecting…');
    expect(statusLabel('online')).toBe('Online');
    expect(statusLabel('offline')).toBe('Offline');
    expect(statusLabel('offline', 4_400)).toBe('Offline · retrying in 4 s');
    expect(statusLabel('offline', 200)).toBe('Offline · retrying in 1 s');
  });
});
