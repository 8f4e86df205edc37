import { ExpiringFlag } from "./expiringFlag";

/** After this long without news, "is typing" goes away by itself: a lost `off` never leaves it stuck. */
export const TYPING_SHOWN_MS = 6_000;

/** Whether the other party is typing, as the page shows it: set by typing signals, cleared by `off`, a message or time. */
export class TypingIndicator {
  on = $state(false);
  private readonly flag: ExpiringFlag;

  constructor(shownMs = TYPING_SHOWN_MS) {
    this.flag = new ExpiringFlag(shownMs, (on) => (this.on = on));
  }

  /** A typing signal arrived. */
  signal(on: boolean): void {
    this.flag.signal(on);
  }

  /** A message from them arrived, or the page is leaving: they are not typing any more. */
  clear(): void {
    this.flag.signal(false);
  }
}
