/** How often "still typing" is repeated, and how long without a keystroke counts as stopped. */
export const TYPING_TIMING = { repeatMs: 2_500, idleMs: 4_000 } as const;

/**
 * Turns keystrokes into few typing signals (issue 5): `on` at the first keystroke and at most once
 * per `repeatMs` after it (the other side forgets a signal after a few seconds), `off` after
 * `idleMs` without a keystroke, or at once when the text is sent or the field is left.
 */
export class TypingSignal {
  private on = false;
  private lastOnAt = 0;
  private idle: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly emit: (on: boolean) => void,
    private readonly timing: { repeatMs: number; idleMs: number } = TYPING_TIMING,
    private readonly now: () => number = Date.now,
  ) {}

  /** One keystroke (an input event). */
  keystroke(): void {
    const now = this.now();
    if (!this.on || now - this.lastOnAt >= this.timing.repeatMs) {
      this.on = true;
      this.lastOnAt = now;
      this.emit(true);
    }
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.stop(), this.timing.idleMs);
  }

  /** The text was sent, the field left or the page closed: says `off` once, if `on` was said. */
  stop(): void {
    clearTimeout(this.idle);
    this.idle = undefined;
    if (!this.on) return;
    this.on = false;
    this.emit(false);
  }
}
