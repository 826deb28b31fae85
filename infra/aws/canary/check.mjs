/**
 * Chatty's end-to-end health check, the heart of the Synthetics canary (index.mjs) and of `npm run canary`.
 *
 * Plain JavaScript with no dependency at all: the Synthetics runtime loads it as-is from the canary's folder
 * asset, and the local script imports it unchanged. Everything that differs between the two (the WebSocket
 * class, fetch, logging, Synthetics steps) is passed in.
 */

const BOT_NAME = 'Pyro';
/**
 * The canary talks in a room of its own: every run signs in afresh and is welcomed by Pyro, and that chatter
 * every five minutes does not belong in front of people in the lobby.
 */
const ROOM_NAME = 'Canary';
const ROOM_ID = 'canary';

/** An error that names the step that failed; `steps` holds the timings of the steps before it. */
export class HealthcheckError extends Error {
  constructor(step, message, steps, cause) {
    super(`canary step "${step}" failed: ${message}`, cause === undefined ? undefined : { cause });
    this.name = 'HealthcheckError';
    this.step = step;
    this.steps = steps;
  }
}

/**
 * Signs in as a throwaway guest, makes sure its room exists, connects to it, says `pyro help`, waits for the ack and then for Pyro's
 * answer, and finally asks GET /health/deep. Resolves with each step's latency; rejects with a HealthcheckError.
 */
export async function runHealthcheck({
  httpApiUrl,
  webSocketUrl,
  WebSocket,
  fetch,
  log = () => {},
  timeoutMs = 10_000,
  runStep = (_name, fn) => fn(),
}) {
  const httpBase = httpApiUrl.replace(/\/+$/, '');
  const steps = [];
  const name = `canary-${Math.random().toString(36).slice(2, 10)}`;

  const step = async (stepName, fn) => {
    const started = Date.now();
    let result;
    let failure;
    // Synthetics' executeStep records the step and rethrows; capturing here does not depend on either.
    await runStep(stepName, async () => {
      try {
        result = await fn();
      } catch (err) {
        failure = err;
        throw err;
      }
    }).catch((err) => {
      failure ??= err;
    });
    const ms = Date.now() - started;
    if (failure !== undefined) {
      const message = failure instanceof Error ? failure.message : String(failure);
      log(`✗ ${stepName} failed after ${ms} ms: ${message}`);
      throw new HealthcheckError(stepName, message, [...steps], failure);
    }
    steps.push({ name: stepName, ms });
    log(`✓ ${stepName} ${ms} ms`);
    return result;
  };

  const token = await step('sign-in', async () => {
    const { status, body } = await requestJson(fetch, 'POST', `${httpBase}/sessions`, { name }, timeoutMs);
    if (status !== 201 || typeof body?.token !== 'string') {
      throw new Error(`POST /sessions answered ${status} ${JSON.stringify(body)}`);
    }
    return body.token;
  });

  await step('room', async () => {
    const { status, body } = await requestJson(
      fetch,
      'POST',
      `${httpBase}/rooms`,
      { name: ROOM_NAME },
      timeoutMs,
      token,
    );
    // 409: created by an earlier run.
    if (status !== 201 && status !== 409)
      throw new Error(`POST /rooms answered ${status} ${JSON.stringify(body)}`);
  });

  const url = `${webSocketUrl}?token=${encodeURIComponent(token)}&roomId=${ROOM_ID}`;
  const socket = await step('connect', () => openSocket(WebSocket, url, timeoutMs));
  try {
    const clientMessageId = `canary-${Date.now()}`;
    await step('send', async () => {
      socket.send({ action: 'sendMessage', roomId: ROOM_ID, text: 'pyro help', clientMessageId });
      const frame = await socket.next(
        (f) => (f.type === 'ack' || f.type === 'error') && f.clientMessageId === clientMessageId,
        timeoutMs,
        'ack',
      );
      if (frame.type === 'error')
        throw new Error(`the server refused the message: ${frame.code} ${frame.message}`);
    });
    await step('bot-reply', () =>
      // Only frames after the ack count (`next` takes from the frames not yet seen, and the ack came first).
      // Pyro also welcomes newcomers by name when they join; that greeting is not the answer to `help`.
      socket.next(
        (f) =>
          f.type === 'message' &&
          f.message?.sender === BOT_NAME &&
          typeof f.message.text === 'string' &&
          !f.message.text.includes(name),
        timeoutMs,
        `reply from ${BOT_NAME}`,
      ),
    );
  } finally {
    socket.close();
  }

  await step('deep-health', async () => {
    const { status, body } = await requestJson(fetch, 'GET', `${httpBase}/health/deep`, undefined, timeoutMs);
    if (status !== 200 || body?.status !== 'ok') {
      throw new Error(`GET /health/deep answered ${status} ${JSON.stringify(body)}`);
    }
  });

  return { name, steps };
}

async function requestJson(fetch, method, url, body, timeoutMs, token) {
  const headers = body === undefined ? {} : { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let parsed = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: keep the text, the caller reports it.
  }
  return { status: response.status, body: parsed };
}

/**
 * Opens a socket with any WHATWG-style WebSocket class (Node 22's global one, or the `ws` package's, which has
 * the same addEventListener interface) and keeps the frames it receives until someone takes them.
 */
function openSocket(WebSocket, url, timeoutMs) {
  const socket = new WebSocket(url);
  const frames = [];
  let waiters = [];
  let closed = false;
  const wake = () => {
    const ready = waiters;
    waiters = [];
    for (const w of ready) w();
  };
  socket.addEventListener('message', (event) => {
    try {
      frames.push(JSON.parse(String(event.data)));
    } catch {
      // Frames are JSON by contract; anything else is skipped rather than crashing the check.
    }
    wake();
  });
  socket.addEventListener('close', () => {
    closed = true;
    wake();
  });

  const handle = {
    send: (frame) => socket.send(JSON.stringify(frame)),
    /** Resolves with the first unseen frame that matches; frames before it stay unseen no longer. */
    next: async (match, waitMs, what) => {
      const deadline = Date.now() + waitMs;
      for (;;) {
        const index = frames.findIndex(match);
        if (index >= 0) return frames.splice(0, index + 1)[index];
        if (closed) throw new Error(`the socket closed while waiting for the ${what}`);
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error(`no ${what} within ${waitMs} ms`);
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, remaining);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    close: () => {
      try {
        socket.close(1000);
      } catch {
        // Already closing, or never opened: nothing to release.
      }
    },
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      handle.close();
      reject(new Error(`the WebSocket did not open within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.addEventListener('open', () => {
      clearTimeout(timer);
      resolve(handle);
    });
    // A refused handshake (401/403 from $connect) surfaces as an error event, then a close, before any open.
    const fail = (event) => {
      clearTimeout(timer);
      reject(new Error(`the WebSocket handshake failed${event?.message ? `: ${event.message}` : ''}`));
    };
    socket.addEventListener('error', fail);
    socket.addEventListener('close', fail);
  });
}
