/**
 * A flag that is set by signals and clears itself after `shownMs` without a new "on": the timing
 * half of a typing indicator, kept free of Svelte so it can be tested with fake timers.
 */
export class ExpiringFlag {
  #on = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly shownMs: number,
    private readonly changed: (on: boolean) => void,
  ) {}

  get on(): boolean {
    return this.#on;
  }

  /** A signal arrived: on (and start the countdown again) or off. */
  signal(on: boolean): void {
    clearTimeout(this.#timer);
    this.#set(on);
    if (on) this.#timer = setTimeout(() => this.#set(false), this.shownMs);
  }

  #set(on: boolean): void {
    if (this.#on === on) return;
    this.#on = on;
    this.changed(on);
  }
}
