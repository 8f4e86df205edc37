import { TriageError } from "../errors.js";

/** Given a session id, returns the error of a write refused because the session moved past the version it was computed from. */
export function sessionConflict(sessionId: string): TriageError {
  return new TriageError("TRIAGE_SESSION_CONFLICT", "the session changed after the turn was computed", { sessionId });
}
