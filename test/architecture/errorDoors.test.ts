import { describe, expect, it } from "vitest";
import { slackErrorText } from "../../bot/channels/slack/slackErrorText.js";
import { CODED_ERRORS, CodedError, TriageError } from "../../bot/errors.js";
import { ERROR_TEXTS, errorAnswer, errorText, httpErrorAnswer } from "../../bot/errorTexts.js";
import { BodyTooLargeError } from "../../bot/http/bodyLimit.js";

/*
 * One mapper per door (issue 22): one table gives every code of the list its HTTP status and its
 * French and English text; the HTTP door, the patients' WebSocket and Slack read it through their
 * own small function. The doors themselves are exercised by test/web, test/slack, test/security.
 */

const codes = Object.keys(CODED_ERRORS) as (keyof typeof CODED_ERRORS)[];

describe("the one error table", () => {
  it.each(codes)("gives %s an HTTP error status and a French and an English text", (code) => {
    expect(CODED_ERRORS[code]).toBeGreaterThanOrEqual(400);
    expect(CODED_ERRORS[code]).toBeLessThan(600);
    const { fr, en } = ERROR_TEXTS[code];
    expect(fr.trim()).not.toBe("");
    expect(en.trim()).not.toBe("");
    expect(fr).not.toBe(en);
  });

  it("has texts for exactly the codes of the list", () => {
    expect(Object.keys(ERROR_TEXTS).sort()).toEqual([...codes].sort());
  });

  it("tells a coded error with its code, status, text in the reader's language and details", () => {
    const answer = errorAnswer(new TriageError("TRIAGE_RESUME_EXPIRED", "resume token expired", { sessionId: "s1" }), "fr");
    expect(answer).toEqual({ code: "TRIAGE_RESUME_EXPIRED", status: 410, text: ERROR_TEXTS.TRIAGE_RESUME_EXPIRED.fr, details: { sessionId: "s1" } });
    expect(errorAnswer(new BodyTooLargeError(1024), "en")).toMatchObject({ code: "HTTP_BODY_TOO_LARGE", status: 413, text: "The request is too large." });
  });

  it("recognises a coded error made in another module graph by its shape", () => {
    const foreign = { code: "CONSOLE_CASE_TAKEN", httpStatus: 409, message: "taken", details: { assignee: "Dr B" } };
    expect(errorAnswer(foreign, "en")).toEqual({ code: "CONSOLE_CASE_TAKEN", status: 409, text: "Dr B took this case first.", details: { assignee: "Dr B" } });
  });

  it("names who took a case first when the details say, and says the table's text when they do not", () => {
    expect(errorAnswer(new CodedError("CONSOLE_CASE_TAKEN", "taken", { assignee: "Dr Béa" }), "fr").text).toBe("Dr Béa a pris ce dossier en premier.");
    for (const details of [{}, { assignee: null }, { assignee: "  " }]) {
      expect(errorAnswer(new CodedError("CONSOLE_CASE_TAKEN", "taken", details), "fr").text).toBe(ERROR_TEXTS.CONSOLE_CASE_TAKEN.fr);
    }
  });

  it("maps an unknown error to a generic coded 500 that carries nothing of the error", () => {
    const secret = "connect ECONNREFUSED 10.0.0.7:5432 password=hunter2";
    for (const thrown of [new Error(secret), { code: "NOT_OURS_AT_ALL", httpStatus: 418, message: secret }, secret, undefined]) {
      const { status, body } = httpErrorAnswer(thrown, "en");
      expect(status).toBe(500);
      expect(body).toEqual({ code: "TRIAGE_INTERNAL", message: "Something went wrong. Please try again.", details: {} });
      expect(JSON.stringify(body)).not.toContain("hunter2");
    }
    expect(httpErrorAnswer(new CodedError("TRIAGE_INTERNAL", secret, { query: secret }), "fr").body).toEqual({
      code: "TRIAGE_INTERNAL",
      message: "Une erreur est survenue. Réessayez.",
      details: { query: secret },
    });
  });
});

describe("each door's function", () => {
  it("the HTTP door answers the status and the table's text as the message", () => {
    expect(httpErrorAnswer(new CodedError("CONSOLE_SESSION_ERASED", "erased"), "fr")).toEqual({
      status: 410,
      body: { code: "CONSOLE_SESSION_ERASED", message: ERROR_TEXTS.CONSOLE_SESSION_ERASED.fr, details: {} },
    });
  });

  it("Slack says the table's text, then its own next step when it has one", () => {
    expect(slackErrorText("TRIAGE_INVALID_PHONE", "en")).toBe(errorText("TRIAGE_INVALID_PHONE", "en"));
    expect(slackErrorText("TRIAGE_SESSION_CLOSED", "fr")).toBe(`${errorText("TRIAGE_SESSION_CLOSED", "fr")} Écrivez-moi pour en commencer une nouvelle.`);
  });
});
