import { randomUUID } from "node:crypto";
import type { ApiCall } from "./fakeSlackApi.js";

type Block = { type: string; block_id?: string; text?: { text: string }; elements?: Element[] };
type Element = { type: string; action_id?: string; value?: string; options?: { text: { text: string }; value: string }[] };

/** A fresh Events API event id. */
export function newEventId(): string {
  return `Ev${randomUUID().replace(/-/g, "").slice(0, 12)}`;
}

/** The Events API envelope of a DM from `user` to the app (message.im), as Slack sends it over HTTP or in a Socket Mode envelope. */
export function dmEvent(user: string, text: string, eventId: string = newEventId()): Record<string, unknown> {
  return {
    token: "legacy",
    team_id: "T1",
    api_app_id: "A1",
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: "T1", user_id: "UBOT", is_bot: true }],
    event: { type: "message", channel_type: "im", channel: `D${user}`, user, team: "T1", text, ts: `${Date.now() / 1000}`, client_msg_id: randomUUID() },
  };
}

/** `/triage [text]` typed by `user` in `channel` (default: their DM with the app). */
export function slashCommand(user: string, text: string, responseUrl: string, channel = `D${user}`): Record<string, string> {
  return {
    token: "legacy",
    team_id: "T1",
    api_app_id: "A1",
    channel_id: channel,
    user_id: user,
    command: "/triage",
    text,
    trigger_id: randomUUID(),
    response_url: responseUrl,
  };
}

export interface ClickOptions {
  /** A select's option (by its label's start), or the checkboxes to tick (values or labels). */
  option?: string | string[];
  channel?: string;
  triggerId?: string;
}

/** The block_actions payload of `user` clicking the control `actionId` (prefix) of a posted message. */
export function blockActions(user: string, message: ApiCall, actionId: string, responseUrl: string, options: ClickOptions = {}): Record<string, unknown> {
  const blocks = message.args["blocks"] as Block[];
  const actionsBlock = blocks.find((b) => b.type === "actions" && b.elements?.some((e) => e.action_id?.startsWith(actionId)));
  const element = actionsBlock?.elements?.find((e) => e.action_id?.startsWith(actionId));
  if (!actionsBlock || !element) throw new Error(`no control ${actionId} in the message`);
  const ticked = Array.isArray(options.option) ? options.option : [];
  const pickBox = actionsBlock.elements?.find((e) => e.type === "checkboxes");
  const state = pickBox
    ? {
        values: {
          [actionsBlock.block_id!]: {
            [pickBox.action_id!]: {
              type: "checkboxes",
              selected_options: (pickBox.options ?? []).filter((o) => ticked.includes(o.value) || ticked.includes(o.text.text)),
            },
          },
        },
      }
    : { values: {} };
  const selected = element.type === "static_select" ? element.options!.find((o) => o.text.text.startsWith(String(options.option))) : undefined;
  const action = {
    type: element.type,
    action_id: element.action_id,
    block_id: actionsBlock.block_id ?? "b",
    action_ts: `${Date.now() / 1000}${Math.random().toString().slice(2, 6)}`,
    ...(selected ? { selected_option: selected } : { value: element.value }),
  };
  const channel = options.channel ?? String(message.args["channel"]);
  return {
    type: "block_actions",
    api_app_id: "A1",
    token: "legacy",
    trigger_id: options.triggerId ?? randomUUID(),
    team: { id: "T1" },
    user: { id: user, team_id: "T1" },
    channel: { id: channel },
    container: { type: "message", channel_id: channel, message_ts: message.args["ts"] ?? "1.0" },
    message: { ts: String(message.args["ts"] ?? "1.0"), blocks },
    state,
    actions: [action],
    response_url: responseUrl,
  };
}
