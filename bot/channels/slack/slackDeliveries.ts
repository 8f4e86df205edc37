/** Something the Slack channel did once: its key, and where the message went when it posted one. */
export interface SlackDeliveryRecord {
  key: string;
  channel?: string;
  ts?: string;
}

/**
 * "Exactly once across instances" for the Slack channel: every instance receives every bus event
 * (Redis) and Slack may retry a delivery to another instance, so whoever claims a key first does
 * the work. Announcements keep their message's channel and ts, to be updated later by any instance.
 */
export interface SlackDeliveries {
  /** True for the one caller that claimed `key` first. */
  claim(key: string, at: Date): Promise<boolean>;
  /** Records where the claimed key's message went. */
  posted(key: string, channel: string, ts: string): Promise<void>;
  /** Records with keys starting with `prefix` that have a message. */
  messages(prefix: string): Promise<SlackDeliveryRecord[]>;
  /** Forgets claims made before `before` that are only guards (deliveries, pushes, updates), not announcements; returns how many. */
  prune(before: Date): Promise<number>;
}

/** Keys that only guard against doing something twice: forgotten once Slack stopped retrying. */
export function isGuardKey(key: string): boolean {
  return key.startsWith("delivery:") || key.startsWith("push:") || key.includes(":update:");
}

/** The in-process default (one instance). */
export class MemorySlackDeliveries implements SlackDeliveries {
  readonly #records = new Map<string, SlackDeliveryRecord & { at: number }>();

  async claim(key: string, at: Date): Promise<boolean> {
    if (this.#records.has(key)) return false;
    this.#records.set(key, { key, at: at.getTime() });
    return true;
  }

  async posted(key: string, channel: string, ts: string): Promise<void> {
    this.#records.set(key, { key, channel, ts, at: this.#records.get(key)?.at ?? Date.now() });
  }

  async prune(before: Date): Promise<number> {
    let n = 0;
    for (const [key, record] of this.#records) {
      if (isGuardKey(key) && record.at < before.getTime()) n += Number(this.#records.delete(key));
    }
    return n;
  }

  async messages(prefix: string): Promise<SlackDeliveryRecord[]> {
    return [...this.#records.values()]
      .filter((r) => r.key.startsWith(prefix) && r.ts !== undefined)
      .map(({ key, channel, ts }) => ({ key, ...(channel ? { channel } : {}), ...(ts ? { ts } : {}) }));
  }
}
