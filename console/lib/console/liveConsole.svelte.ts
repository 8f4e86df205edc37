import { PROTOCOL_VERSION, type WireChatMessage } from "$wire/chat";
import { CONSOLE_CLOSE, consoleServerSchema, type ConsoleClientMessage, type ConsoleServerMessage, type LevelLabels, type QueueCase } from "$wire/console";
import { URGENCY_LEVELS } from "../../../flows/urgency";
import { randomKey } from "../chat/randomKey";
import { ReconnectingSocket, type SocketState, type StateDetail } from "../socket/reconnectingSocket";
import type { ConsoleLocale, UrgencyLabels } from "./i18n";

export type LiveState = "connecting" | "open" | "reconnecting" | "signed_out";

const PING_MS = 25_000;
const PONG_TIMEOUT_MS = 10_000;

interface Watch {
  caseId: string;
  lastSeq: () => number;
  onMessages: (messages: WireChatMessage[]) => void;
  onTyping: (on: boolean) => void;
}

/** A frame id from the browser's CSPRNG (randomKey: no Math.random fallback outside secure contexts, issue 23). */
const newId = (): string => randomKey(16);

/**
 * The console's live connection (/ws?console=1, authenticated by the session cookie), over the
 * reconnecting socket the chat page uses too (../socket): keeps the queue up to date (re-read whole
 * on every connection), and streams the
 * transcripts (and the patient's typing) of watched cases; it carries the clinician's typing back.
 * A close with 4401 means the session ended: the page signs in again.
 */
export class LiveConsole {
  cases = $state<QueueCase[]>([]);
  state = $state<LiveState>("connecting");
  /** Server time minus this browser's time: countdowns use the server's clock. */
  offsetMs = $state(0);
  /** The level labels the server last sent (on connect, then on every rename); undefined until then. */
  levelLabels = $state<LevelLabels | undefined>();
  /** Sessions whose patient has a page connected (issue 24); undefined until the server said. */
  patientsOnline = $state<ReadonlySet<string> | undefined>();
  /** When each session's patient last went offline or came back, as this page heard it. */
  patientSeen = $state<Record<string, { online: boolean; at: string }>>({});
  /** Called when this clinician read a case on another page (its read mark, issue 24): the queue's unread mark clears here too. */
  onRead: (caseId: string, seq: number) => void = () => {};
  /** What the server last refused on this connection, in the page's language (its error frame's text); cleared on each new connection. */
  problem = $state<string | undefined>();

  private readonly socket: ReconnectingSocket<ConsoleClientMessage>;
  /** Set when the page is leaving (signing out submits a form): the server closing the socket then is no news. */
  private leaving = false;
  private readonly onLeaving = () => (this.leaving = true);
  private readonly watches = new Map<string, Watch>();

  constructor(
    url: string,
    initial: QueueCase[] = [],
    /** Called for each case opened while this console is open (alerts). */
    private readonly onOpened: (found: QueueCase) => void = () => {},
    /** Called for every change of a case (claimed, released, urgency, closed). */
    private readonly onChanged: (caseId: string, closed: boolean) => void = () => {},
  ) {
    this.cases = initial;
    this.socket = new ReconnectingSocket<ConsoleClientMessage>({
      url: () => url,
      onOpen: () => {
        this.problem = undefined;
        for (const watch of this.watches.values()) this.sendWatch(watch);
        return "flush";
      },
      onMessage: (data) => this.received(data),
      onState: (state, detail) => this.connectionChanged(state, detail),
      finalCodes: [CONSOLE_CLOSE.signedOut],
      heartbeat: { everyMs: PING_MS, timeoutMs: PONG_TIMEOUT_MS, ping: () => ({ v: PROTOCOL_VERSION, id: newId(), type: "ping" }) },
    });
  }

  connect(): void {
    this.leaving = false;
    window.addEventListener("beforeunload", this.onLeaving);
    this.socket.connect();
  }

  dispose(): void {
    window.removeEventListener("beforeunload", this.onLeaving);
    this.socket.close();
  }

  /**
   * Streams a case's transcript (the backlog after lastSeq, then live) and its patient's typing;
   * returns the function that stops. Watching a case one has claimed tells the patient one is there.
   */
  watch(caseId: string, lastSeq: () => number, onMessages: (messages: WireChatMessage[]) => void, onTyping: (on: boolean) => void = () => {}): () => void {
    const watch = { caseId, lastSeq, onMessages, onTyping };
    this.watches.set(caseId, watch);
    this.sendWatch(watch);
    return () => {
      this.watches.delete(caseId);
      this.write({ v: PROTOCOL_VERSION, id: newId(), type: "unwatch", caseId });
    };
  }

  /** Tells the patient of a case one has claimed and watches that one is typing (or stopped); dropped while disconnected. */
  typing(caseId: string, on: boolean): void {
    this.write({ v: PROTOCOL_VERSION, id: newId(), type: "typing", caseId, on });
  }

  /** The level labels in `lang` as the server last sent them, else `rendered` (the ones the page was loaded with). */
  labelsIn(lang: ConsoleLocale, rendered: UrgencyLabels): UrgencyLabels {
    const labels = this.levelLabels;
    return labels ? (Object.fromEntries(URGENCY_LEVELS.map((level) => [level, labels[level][lang]])) as UrgencyLabels) : rendered;
  }

  /** The server's time now, by this browser's clock corrected by the offset. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  private sendWatch(watch: Watch): void {
    this.write({ v: PROTOCOL_VERSION, id: newId(), type: "watch", caseId: watch.caseId, afterSeq: watch.lastSeq() });
  }

  /** Written now if connected, dropped otherwise: every connection re-sends the watches, and typing is ephemeral. */
  private write(message: ConsoleClientMessage): void {
    this.socket.post(message);
  }

  private connectionChanged(state: SocketState, detail: StateDetail): void {
    // Leaving: the socket the server closes is not to come back, and the page says nothing of it.
    if (this.leaving) {
      if (state === "reconnecting") this.socket.close();
      return;
    }
    if (state === "closed") {
      if (detail.code === CONSOLE_CLOSE.signedOut) this.state = "signed_out";
      return;
    }
    this.state = state;
  }

  private received(data: string): void {
    let parsed;
    try {
      parsed = consoleServerSchema.safeParse(JSON.parse(data));
    } catch {
      return;
    }
    if (parsed.success) this.apply(parsed.data);
  }

  private apply(message: ConsoleServerMessage): void {
    switch (message.type) {
      case "queue":
        this.offsetMs = Date.parse(message.serverTime) - Date.now();
        this.cases = message.cases;
        break;
      case "case": {
        const known = this.cases.some((c) => c.id === message.case.id);
        // A session escalated by a later outcome has a newer case: it replaces the older one.
        this.cases = [...this.cases.filter((c) => c.id !== message.case.id && c.sessionId !== message.case.sessionId), message.case];
        if (message.opened && !known) this.onOpened(message.case);
        this.onChanged(message.case.id, false);
        break;
      }
      case "case_closed":
        this.cases = this.cases.filter((c) => c.id !== message.caseId);
        this.onChanged(message.caseId, true);
        break;
      case "transcript":
        this.watches.get(message.caseId)?.onMessages(message.messages);
        break;
      case "typing":
        this.watches.get(message.caseId)?.onTyping(message.on);
        break;
      case "labels":
        this.levelLabels = message.labels;
        break;
      case "patients":
        this.patientsOnline = new Set(message.online);
        break;
      case "patient": {
        const online = new Set(this.patientsOnline ?? []);
        if (message.online) online.add(message.sessionId);
        else online.delete(message.sessionId);
        this.patientsOnline = online;
        this.patientSeen = { ...this.patientSeen, [message.sessionId]: { online: message.online, at: message.at } };
        break;
      }
      case "read":
        this.onRead(message.caseId, message.seq);
        break;
      case "error":
        this.problem = message.text;
        break;
      case "pong":
        break;
    }
  }
}
