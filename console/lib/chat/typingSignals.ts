/** A patient's field that tells the page about typing (the page turns it into throttled typing signals for the clinician). */
export interface TypingSignals {
  /** A key typed in the field. */
  ontyping?: () => void;
  /** The patient left the field. */
  onstoptyping?: () => void;
}
