import { describe, expect, it } from "vitest";
import { renderMessages, renderQuestion } from "../../bot/channels/slack/renderMessages.js";
import type { ChatMessage, QuestionView } from "../../bot/engine/chatMessage.js";

const at = "2026-03-01T10:00:00.000Z";
const message = (seq: number, body: ChatMessage["body"], author: ChatMessage["author"] = "bot"): ChatMessage => ({
  sessionId: "s",
  seq,
  at,
  locale: "en",
  author,
  body,
});
const numbers = [
  { number: "15", label: "SAMU" },
  { number: "112", label: "European emergency number" },
];

type Element = { type: string; action_id: string };
const controls = (q: QuestionView) =>
  (renderQuestion("s", q, "en").blocks.find((b) => b.type === "actions") as { elements: Element[] }).elements.map((e) => `${e.type}:${e.action_id}`);

describe("renderQuestion", () => {
  it.each([
    [{ questionId: "q", type: "yes_no", text: "Fever?" }, ["button:triage_answer:yes", "button:triage_answer:no"]],
    [
      {
        questionId: "q",
        type: "single_choice",
        text: "Where?",
        options: [
          { value: "a", label: "Arm" },
          { value: "b", label: "Back" },
        ],
      },
      ["button:triage_answer:0", "button:triage_answer:1"],
    ],
    [{ questionId: "q", type: "multiple_choice", text: "Which?", options: [{ value: "a", label: "A" }] }, ["checkboxes:triage_pick", "button:triage_confirm"]],
    [{ questionId: "q", type: "scale", text: "Pain?" }, ["static_select:triage_scale"]],
    [{ questionId: "q", type: "number", text: "Age?", min: 0, max: 120 }, []],
    [{ questionId: "q", type: "duration", text: "Since when?" }, []],
    [{ questionId: "q", type: "free_text", text: "Anything else?" }, []],
  ] as [QuestionView, string[]][])("gives a %o its controls, then language and clinician buttons", (question, expected) => {
    expect(controls(question)).toEqual([...expected, "button:triage_locale", "button:triage_ask_human"]);
  });
});

describe("renderMessages", () => {
  it("puts the emergency numbers on the first line of the outcome and posts it first", () => {
    const rendered = renderMessages(
      "s",
      [
        message(1, { kind: "answer", questionId: "q", value: true, display: "Yes" }, "patient"),
        message(2, { kind: "emergency", text: "Call 15 or 112 now.", numbers }),
        message(3, {
          kind: "outcome",
          outcome: {
            urgency: "EMERGENCY",
            urgencyLabel: "Emergency",
            routing: "emergency_services",
            title: "Chest pain",
            nextSteps: "Call now.",
            advice: "Do not drive.",
            safetyNet: "Stay on the line.",
            emergencyNumbers: numbers,
          },
        }),
        message(4, { kind: "handoff", status: "requested", text: "A clinician has been told." }),
      ],
      "en",
    );
    expect(rendered).toHaveLength(2);
    const first = (rendered[0]!.blocks[0] as { text: { text: string } }).text.text.split("\n");
    expect(first[0]).toContain("15 (SAMU) / 112 (European emergency number)");
    expect(first.slice(1).join("\n")).toContain("Do not drive.");
    expect(rendered[1]!.text).toBe("A clinician has been told.");
  });

  it("does not echo the patient's own messages and names the clinician", () => {
    const rendered = renderMessages(
      "s",
      [message(1, { kind: "text", text: "hi" }, "patient"), { ...message(2, { kind: "text", text: "Hello <b>" }, "clinician"), authorId: "u1" }],
      "en",
      new Map([["u1", "Dr One"]]),
    );
    expect(rendered).toHaveLength(1);
    expect((rendered[0]!.blocks[0] as { text: { text: string } }).text.text).toBe("*Dr One (clinician)*\nHello &lt;b&gt;");
  });
});
