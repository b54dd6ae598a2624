/**
 * Sends per channel and second, in this process (a fixed one-second window on the injected clock). Behind N
 * nodes the platform sends up to N× the limit; providers' own limits are per account and far higher than
 * one node's share, so the limit protects them from a burst (a mass notice), not from the cluster.
 */
export class ChannelRate {
  readonly #windows = new Map<string, { second: number; count: number }>();
  constructor(private readonly perSecond: number) {}

  /** Takes a slot for the channel now; false when this second's are used up. */
  take(channel: string, now: Date): boolean {
    const second = Math.floor(now.getTime() / 1000);
    const w = this.#windows.get(channel);
    if (!w || w.second !== second) {
      this.#windows.set(channel, { second, count: 1 });
      return true;
    }
    if (w.count >= this.perSecond) return false;
    w.count++;
    return true;
  }
}
