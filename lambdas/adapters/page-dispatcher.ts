import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { detailTypes, EVENT_SOURCE } from '../contract/events';
import type { FanOutPage, PageDispatcher } from '../core/fan-out-pages';

/** PutEvents takes at most 10 entries a call. */
const MAX_ENTRIES = 10;

/**
 * Hands fan-out pages to the FanOut function as `FanOutPage` events (the bus's FanOutPages rule invokes it
 * asynchronously, one invocation per event). PutEvents answers 200 even when it refused some entries (throttled,
 * or an internal failure): those are tried again `retries` times, then given back to the caller, which posts them
 * itself. A call that fails as a whole (network, credentials) gives back its pages at once.
 */
export class BusPageDispatcher implements PageDispatcher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
    private readonly retries = 2,
  ) {}

  async dispatch(pages: readonly FanOutPage[]): Promise<FanOutPage[]> {
    const refused: FanOutPage[] = [];
    for (let i = 0; i < pages.length; i += MAX_ENTRIES) {
      refused.push(...(await this.putBatch(pages.slice(i, i + MAX_ENTRIES))));
    }
    return refused;
  }

  private async putBatch(batch: FanOutPage[]): Promise<FanOutPage[]> {
    let pending = batch;
    for (let attempt = 0; pending.length > 0 && attempt <= this.retries; attempt++) {
      let entries: { ErrorCode?: string }[];
      try {
        const result = await this.client.send(
          new PutEventsCommand({
            Entries: pending.map((page) => ({
              EventBusName: this.busName,
              Source: EVENT_SOURCE,
              DetailType: detailTypes.fanOutPage,
              Detail: JSON.stringify(page),
            })),
          }),
        );
        if (!result.FailedEntryCount) return [];
        entries = result.Entries ?? [];
      } catch {
        return pending;
      }
      // Entries answer in the order they were sent; a failed one carries an ErrorCode.
      pending = pending.filter((_, index) => entries[index]?.ErrorCode !== undefined);
    }
    return pending;
  }
}
