import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderQuestion as slackQuestion } from "../../bot/channels/slack/renderMessages.js";
import { decodeAction } from "../../bot/channels/slack/slackActions.js";
import { renderQuestion } from "../../bot/engine/renderQuestion.js";
import { flowSchema, type Question } from "../../flows/index.js";
import { LIBRARY_DIR } from "../flows/libraryFlows.js";

type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: { type: string; action_id: string; value?: string; text?: { text: string } }[];
};

const general = flowSchema.parse(JSON.parse(readFileSync(`${LIBRARY_DIR}/general.json`, "utf8")));
const mainComplaint = general.nodes.find((n) => n.id === "main_complaint") as Question;

describe("a grouped single choice in Slack", () => {
  it("shows each group's heading over its own buttons, every option once, then the language and clinician buttons", () => {
    const view = renderQuestion(mainComplaint, "fr");
    const blocks = slackQuestion("s1", view, "fr").blocks as Block[];
    const headings = blocks.filter((b, i) => b.type === "section" && blocks[i + 1]?.type === "actions" && i > 0).map((b) => b.text!.text);
    expect(headings).toEqual(view.groups!.map((g) => `*${g.label}*`));
    const buttons = blocks
      .filter((b) => b.type === "actions")
      .flatMap((b) => b.elements!)
      .filter((e) => e.action_id.startsWith("triage_answer:"));
    expect(buttons.map((b) => b.text!.text).sort()).toEqual(view.options!.map((o) => o.label).sort());
    const throat = buttons.find((b) => b.text!.text.startsWith("Mal de gorge"))!;
    expect(decodeAction(throat.value!)).toMatchObject({ s: "s1", q: "main_complaint", v: "throat_ear_sinus" });
    expect(blocks.at(-1)!.elements!.map((e) => e.action_id)).toEqual(["triage_locale", "triage_ask_human"]);
    expect(new Set(blocks.map((b) => b.block_id).filter(Boolean)).size).toBe(blocks.filter((b) => b.block_id).length);
    expect(blocks.length).toBeLessThanOrEqual(50);
  });

  it("puts the options the opening message suggests first, under their own line, each still a plain answer button", () => {
    const view = { ...renderQuestion(mainComplaint, "en"), suggested: ["throat_ear_sinus"] };
    const blocks = slackQuestion("s1", view, "en").blocks as Block[];
    const at = blocks.findIndex((b) => b.type === "section" && b.text!.text === "_From your message, this may be:_");
    expect(at).toBe(1 + (view.help ? 1 : 0));
    const suggested = blocks[at + 1]!.elements!;
    expect(suggested.map((e) => e.text!.text)).toEqual(["Sore throat, earache or sinus problem"]);
    expect(decodeAction(suggested[0]!.value!)).toMatchObject({ q: "main_complaint", v: "throat_ear_sinus" });
    expect(blocks.slice(at + 2).some((b) => b.elements?.some((e) => e.text?.text === "Sore throat, earache or sinus problem"))).toBe(true);
  });
});
