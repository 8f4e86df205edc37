import { describe, expect, it } from "vitest";
import type { WireChatMessage } from "../../bot/wire/chat.js";
import { mergeTranscript } from "../../console/lib/chat/mergeTranscript.js";

/** A patient's text message at a seq (the text says which copy it is when a seq comes twice). */
const line = (seq: number, text = `line ${seq}`): WireChatMessage => ({
  sessionId: "s1",
  seq,
  at: new Date(Date.UTC(2026, 0, 1, 9, 0, seq)).toISOString(),
  locale: "fr",
  author: "patient",
  body: { kind: "text", text },
});
const seqs = (messages: WireChatMessage[] | undefined) => messages?.map((m) => m.seq);

describe("mergeTranscript", () => {
  it("appends a live message after the transcript", () => {
    expect(seqs(mergeTranscript([line(1), line(2)], [line(3)]))).toEqual([1, 2, 3]);
  });

  it("puts a message that arrived late in its place", () => {
    expect(seqs(mergeTranscript([line(1), line(3)], [line(2)]))).toEqual([1, 2, 3]);
  });

  it("says nothing is new when a resume replays only what is shown", () => {
    expect(mergeTranscript([line(1), line(2)], [line(2), line(1)])).toBeUndefined();
    expect(mergeTranscript([line(1)], [])).toBeUndefined();
  });

  it("merges a batch (a re-watch's backlog) into the page's transcript, each seq once, in order", () => {
    expect(seqs(mergeTranscript([line(1), line(2), line(4)], [line(5), line(3), line(4), line(3)]))).toEqual([1, 2, 3, 4, 5]);
  });

  it("keeps the line shown first when a seq comes again", () => {
    const merged = mergeTranscript([line(1, "shown")], [line(1, "replayed"), line(2)]);
    expect(merged?.map((m) => (m.body.kind === "text" ? m.body.text : m.body.kind))).toEqual(["shown", "line 2"]);
  });

  it("starts a transcript from nothing", () => {
    expect(seqs(mergeTranscript([], [line(2), line(1)]))).toEqual([1, 2]);
  });

  it("leaves the transcript it was given as it was", () => {
    const shown = [line(1), line(3)];
    mergeTranscript(shown, [line(2)]);
    expect(seqs(shown)).toEqual([1, 3]);
  });
});
