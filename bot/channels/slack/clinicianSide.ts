import type { webApi } from "@slack/bolt";
import type { Locale, Urgency } from "../../../flows/index.js";
import type { ConsoleUser } from "../../auth/authStore.js";
import { caseReasonIn } from "../../cases/caseReason.js";
import type { CaseRecord } from "../../cases/caseStore.js";
import { ConsoleError } from "../../cases/consoleError.js";
import type { Clock } from "../../engine/ports.js";
import type { Logger } from "../../logger.js";
import { escape, type SlackMessage } from "./renderMessages.js";
import { ACTIONS } from "./slackActions.js";
import type { SlackDeliveries } from "./slackDeliveries.js";
import type { SlackPoster } from "./slackPoster.js";
import { ANNOUNCED, slackTexts } from "./slackTexts.js";
import { summaryBlock, type AnnouncedSummary } from "./summaryBlock.js";

/** The two messages a case can have in the clinicians' channel. */
type Announcement = "opened" | "breached";

export interface ClinicianSideDeps {
  /** The console's case service: the same atomic claim as the console's button. */
  cases: { claim(caseId: string, actor: Pick<ConsoleUser, "id" | "displayName">): Promise<CaseRecord>; get(caseId: string): Promise<CaseRecord> };
  activeForSession(sessionId: string): Promise<CaseRecord | undefined>;
  findUserByEmail(email: string): Promise<ConsoleUser | undefined>;
  client: webApi.WebClient;
  poster: SlackPoster;
  channel: string;
  /** Once-only claims shared by instances: each case is announced once, each change shown once. */
  deliveries: SlackDeliveries;
  clock: Clock;
  locale: Locale;
  /** Read at every message, so a label an administrator changed shows in the next announcement or update. */
  urgencyLabels(): Record<Urgency, Record<Locale, string>>;
  logger: Logger;
  /** The case's stored summary when the LLM assist made one (issue 21); absent: announcements never show one. */
  summary?: (sessionId: string) => Promise<AnnouncedSummary | undefined>;
}

/**
 * The clinicians' channel: every EMERGENCY and URGENT case (and every SLA breach) is announced
 * with a "Take case" button; taking it there claims it through the console's case service (the
 * Slack user is the console account with the same email); the message shows who took it.
 */
export class ClinicianSide {
  constructor(private readonly deps: ClinicianSideDeps) {}

  async opened(sessionId: string, urgency: string): Promise<void> {
    if (!ANNOUNCED.includes(urgency as CaseRecord["urgency"])) return;
    const found = await this.deps.activeForSession(sessionId);
    if (!found) return;
    await this.#announce(found, "opened");
  }

  async updated(caseId: string): Promise<void> {
    const found = await this.deps.cases.get(caseId).catch(() => undefined);
    if (!found) return;
    if (found.breachedAt && found.state === "open" && (await this.#announce(found, "breached"))) return;
    // Every instance hears the change: the one that claims this version of the case updates the messages.
    const summary = await this.#summaryOf(found);
    const version = [
      found.state,
      found.assignee?.id ?? "",
      found.claimedAt ?? "",
      found.closedAt ?? "",
      found.breachedAt ?? "",
      found.patientLeftAt ?? "",
      summary?.at ?? "",
    ].join("|");
    if (!(await this.deps.deliveries.claim(`case:${found.id}:update:${version}`, this.deps.clock.now()))) return;
    await this.#refresh(found, summary);
    if (found.patientLeftAt && found.state !== "closed") await this.#tellLeft(found);
  }

  /** Says in each announcement's thread, once, that the patient left (issue 24): a clinician reading Slack does not call into an empty chat. */
  async #tellLeft(found: CaseRecord): Promise<void> {
    if (!(await this.deps.deliveries.claim(`left:${found.id}`, this.deps.clock.now()))) return;
    const text = slackTexts(this.deps.locale).patientLeftThread;
    for (const posted of await this.deps.deliveries.messages(`case:${found.id}:`)) {
      if (posted.channel && posted.ts) await this.deps.poster.reply(posted.channel, posted.ts, text, { caseId: found.id });
    }
  }

  /** A click on "Take case" by a Slack user on the message `messageTs` in `channel`. */
  async take(caseId: string, slackUser: string, channel: string, messageTs?: string): Promise<void> {
    const t = slackTexts(this.deps.locale);
    const account = await this.#accountOf(slackUser);
    if (!account) return this.deps.poster.ephemeral(channel, slackUser, t.notAUser);
    try {
      const claimed = await this.deps.cases.claim(caseId, { id: account.id, displayName: account.displayName });
      this.deps.logger.info({ caseId, userId: account.id }, "slack: case taken from Slack");
      // The announcements are updated on the claim's case.updated; a clicked message we have no record of is updated here.
      const recorded = await this.deps.deliveries.messages(`case:${caseId}:`);
      if (messageTs && !recorded.some((r) => r.channel === channel && r.ts === messageTs)) {
        await this.deps.poster.update(channel, messageTs, this.#render(claimed, "opened", await this.#summaryOf(claimed)), { caseId });
      }
    } catch (error) {
      if (error instanceof ConsoleError && error.code === "CONSOLE_CASE_TAKEN") {
        return this.deps.poster.ephemeral(channel, slackUser, t.alreadyTaken(String(error.details["assignee"] ?? "?")));
      }
      if (error instanceof ConsoleError && error.code === "CONSOLE_CASE_CLOSED") return this.deps.poster.ephemeral(channel, slackUser, t.caseClosed);
      throw error;
    }
  }

  /** Posts the case's announcement of `kind` unless some instance already did; true when this call posted it. */
  async #announce(found: CaseRecord, kind: Announcement): Promise<boolean> {
    const key = `case:${found.id}:${kind}`;
    if (!(await this.deps.deliveries.claim(key, this.deps.clock.now()))) return false;
    const ts = await this.deps.poster.post(this.deps.channel, this.#render(found, kind, await this.#summaryOf(found)), { caseId: found.id });
    if (ts) await this.deps.deliveries.posted(key, this.deps.channel, ts);
    return true;
  }

  async #refresh(found: CaseRecord, summary: AnnouncedSummary | undefined): Promise<void> {
    for (const posted of await this.deps.deliveries.messages(`case:${found.id}:`)) {
      const kind: Announcement = posted.key.endsWith(":breached") ? "breached" : "opened";
      if (posted.channel && posted.ts) await this.deps.poster.update(posted.channel, posted.ts, this.#render(found, kind, summary), { caseId: found.id });
    }
  }

  /** The case's summary, if the assist made one; a failure to read it leaves the announcement as without one. */
  async #summaryOf(found: CaseRecord): Promise<AnnouncedSummary | undefined> {
    if (!this.deps.summary) return undefined;
    return this.deps.summary(found.sessionId).catch((error: unknown) => {
      this.deps.logger.warn({ caseId: found.id, code: (error as { code?: string }).code ?? "internal" }, "slack: case summary not read");
      return undefined;
    });
  }

  /** The announcement: urgency, first reason, waiting time, the case summary when there is one; the button while the case is open, who took it after. */
  #render(found: CaseRecord, kind: Announcement, summary?: AnnouncedSummary): SlackMessage {
    const t = slackTexts(this.deps.locale);
    const waited = Math.max(0, Math.round((this.deps.clock.now().getTime() - Date.parse(found.openedAt)) / 60_000));
    const level = this.deps.urgencyLabels()[found.urgency][this.deps.locale];
    const title = kind === "breached" ? t.breached(level, waited) : t.newCase(level);
    const lines = [`*${escape(title)}*`];
    // The channel's language, not the patient's: the case keeps the reason in every language the flow has.
    const reason = found.firstReason === undefined ? "" : caseReasonIn(found.firstReason, this.deps.locale);
    if (reason) lines.push(escape(t.reason(reason)));
    lines.push(t.waiting(waited));
    const blocks: SlackMessage["blocks"] = [{ type: "section", text: { type: "mrkdwn", text: lines.join("\n") } }];
    const summarised = summaryBlock(summary, this.deps.locale);
    if (summarised) blocks.push(summarised);
    // A case whose patient left cannot be taken any more (the console refuses it too).
    const left = found.patientLeftAt !== undefined && found.state !== "closed";
    if (found.state === "open" && !left) {
      blocks.push({
        type: "actions",
        elements: [{ type: "button", style: "primary", action_id: ACTIONS.take, text: { type: "plain_text", text: t.takeCase }, value: found.id }],
      });
    } else {
      const status = [
        found.state === "claimed" ? t.takenBy(found.assignee?.displayName ?? "?") : found.state === "closed" ? t.closed : "",
        left ? t.patientLeft : "",
      ]
        .filter(Boolean)
        .join(" · ");
      blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `${left ? ":door:" : ":white_check_mark:"} ${escape(status)}` }] });
    }
    const tail = left ? t.patientLeft : found.state === "open" ? t.takeCase : (found.assignee?.displayName ?? t.closed);
    return { text: `${title} — ${tail}`, blocks };
  }

  /** The console account of a Slack user: same email (users:read.email), active. */
  async #accountOf(slackUser: string): Promise<ConsoleUser | undefined> {
    try {
      const info = await this.deps.client.users.info({ user: slackUser });
      const email = info.user?.profile?.email;
      if (!email) return undefined;
      const account = await this.deps.findUserByEmail(email.toLowerCase());
      return account?.active ? account : undefined;
    } catch (error) {
      this.deps.logger.warn({ slackError: (error as { data?: { error?: string } }).data?.error ?? null }, "slack: users.info failed for a clinician");
      return undefined;
    }
  }
}
