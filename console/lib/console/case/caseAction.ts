/**
 * What the case page does for its parts: posts an action of the case (`claim`, `messages`, `notes`,
 * `urgency`, `close`, `release`) to its JSON API, calls `done` when it succeeded, then reloads the
 * page's data; a refusal shows in the case pane.
 */
export type CaseAction = (path: string, body: unknown, done?: () => void) => Promise<void>;
