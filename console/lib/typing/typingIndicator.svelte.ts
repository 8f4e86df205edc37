/** After this long without news, "is typing" goes away by itself: a lost `off` never leaves it stuck. */
export const TYPING_SHOWN_MS = 6_000;

/** Whether the other party is typing, as the page shows it: set by typing signals, cleared by `off`, a message or time. */
export class TypingIndicator {
  on = $state(false);
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly shownMs = TYPING_SHOWN_MS) {}

  /** A typing signal arrived. */
  signal(on: boolean): void {
    clearTimeout(this.timer);
    this.on = on;
    if (on) this.timer = setTimeout(() => (this.on = false), this.shownMs);
  }

  /** A message from them arrived, or the page is leaving: they are not typing any more. */
  clear(): void {
    this.signal(false);
  }
}
