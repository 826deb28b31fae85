import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { logger } from '../../../../lambdas/adapters/logger';
import { recordPosted } from '../../../../lambdas/adapters/message-telemetry';
import { flushMetrics, metrics } from '../../../../lambdas/adapters/metrics';
import type { PostMessageResult } from '../../../../lambdas/core/messages';
import { captureEmf, declaredMetrics, type EmfDocument } from './emf';

const result: PostMessageResult = {
  message: {
    messageId: '01HXYZ-abc',
    roomId: 'lobby',
    sender: 'Ada',
    senderType: 'guest',
    text: 'hi',
    createdAt: '2024-05-01T12:00:00.000Z',
  },
  fanOut: { delivered: 3, gone: 0, throttled: 1, failed: 0 },
};

let emf: EmfDocument[];
beforeEach(() => {
  emf = captureEmf();
});
afterEach(() => {
  metrics.clearMetrics();
  vi.restoreAllMocks();
});

describe('recordPosted', () => {
  it('counts the message and its fan-out', () => {
    vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    recordPosted(result);
    flushMetrics();
    expect(declaredMetrics(emf[0])).toEqual([
      'FanOutDelivered',
      'FanOutFailed',
      'FanOutGone',
      'FanOutThrottled',
      'MessagesPosted',
    ]);
    expect(emf[0]).toMatchObject({ MessagesPosted: 1, FanOutDelivered: 3, FanOutThrottled: 1 });
  });

  it('logs the message id as the correlation id by default', () => {
    const info = vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    const error = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    recordPosted(result);
    expect(info).toHaveBeenCalledWith('message posted', {
      correlation_id: '01HXYZ-abc',
      messageId: '01HXYZ-abc',
      roomId: 'lobby',
      fanOut: result.fanOut,
    });
    expect(error).not.toHaveBeenCalled();
  });

  it('keeps a correlation id given by the caller (one that came with the request)', () => {
    const info = vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    recordPosted(result, 'corr-from-socket');
    expect(info.mock.calls[0]?.[1]).toMatchObject({
      correlation_id: 'corr-from-socket',
      messageId: '01HXYZ-abc',
    });
  });

  it('logs an error when MessagePosted could not be published', () => {
    vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    const error = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const publishError = new Error('bus down');
    recordPosted({ ...result, publishError });
    expect(error).toHaveBeenCalledWith('MessagePosted could not be published', {
      correlation_id: '01HXYZ-abc',
      error: publishError,
    });
  });

  it('logs an error when the message was stored but could not be fanned out', () => {
    vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    const error = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const fanOutError = new Error('Query failed');
    recordPosted({ ...result, fanOutError });
    expect(error).toHaveBeenCalledWith('message stored but not fanned out', {
      correlation_id: '01HXYZ-abc',
      error: fanOutError,
    });
  });
});
