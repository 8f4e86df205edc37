/**
 * "Answer each Slack delivery once", for both receivers (HTTP and Socket Mode): Slack redelivers an
 * event or an interaction it thinks was not acknowledged (a retry, or a new envelope after a
 * reconnect), with the same event id or trigger id. Recent ids are remembered in process; `claim`
 * shares them across instances (a retry may reach another one).
 */
export class DeliveryGuard {
  readonly #seen = new Set<string>();

  constructor(
    /** How many delivery ids are remembered in process. */
    private readonly size: number,
    /** Claims a delivery id across instances: false when another already did. */
    private readonly claim?: (key: string) => Promise<boolean>,
  ) {}

  /** True for the first delivery of `key`, false for a repeat (here or on another instance). */
  async first(key: string): Promise<boolean> {
    if (this.#seen.has(key)) return false;
    this.#seen.add(key);
    if (this.#seen.size > this.size) this.#seen.delete(this.#seen.values().next().value!);
    return this.claim ? this.claim(key) : true;
  }
}

/** Slack's id for one delivery: the Events API's event_id, an interaction's or a command's trigger_id. */
export function deliveryKey(body: Record<string, unknown>): string | undefined {
  if (typeof body["event_id"] === "string") return `event:${body["event_id"]}`;
  if (typeof body["trigger_id"] === "string") return `trigger:${body["trigger_id"]}`;
  const payload = body["payload"];
  if (payload && typeof payload === "object" && typeof (payload as Record<string, unknown>)["trigger_id"] === "string")
    return `trigger:${(payload as Record<string, unknown>)["trigger_id"]}`;
  return undefined;
}
