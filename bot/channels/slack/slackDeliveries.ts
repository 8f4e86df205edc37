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
}

/** The in-process default (one instance). */
export class MemorySlackDeliveries implements SlackDeliveries {
  readonly #records = new Map<string, SlackDeliveryRecord>();

  async claim(key: string): Promise<boolean> {
    if (this.#records.has(key)) return false;
    this.#records.set(key, { key });
    return true;
  }

  async posted(key: string, channel: string, ts: string): Promise<void> {
    this.#records.set(key, { key, channel, ts });
  }

  async messages(prefix: string): Promise<SlackDeliveryRecord[]> {
    return [...this.#records.values()].filter((r) => r.key.startsWith(prefix) && r.ts !== undefined);
  }
}
