/**
 * The API as the room list uses it, with an account's token refreshed when the server refuses it as expired
 * (SessionController.authorized: refresh, then the call once more). GET /rooms with a token runs on every
 * reconnect, room switch, return to the tab and every 30 s: after the computer slept past the access token's
 * expiry it is often the first call, and its 401 `token_expired` must renew the account's token, not sign it out.
 */
import type { Api } from './api';
import type { SessionController } from './session';

type RoomsApi = Pick<Api, 'listRooms' | 'createRoom'>;

export function roomsApi(api: RoomsApi, session: Pick<SessionController, 'authorized'>): RoomsApi {
  return {
    // Without a token (signed out, or read again without one) there is nothing to renew.
    listRooms: (opts = {}) =>
      opts.token === undefined
        ? api.listRooms(opts)
        : session.authorized((token) => api.listRooms({ ...opts, token })),
    createRoom: (_token, name, visibility) =>
      session.authorized((token) => api.createRoom(token, name, visibility)),
  };
}
