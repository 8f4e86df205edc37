import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { flowSchema, type Flow } from "../../flows/index.js";
import type { ConsoleUser } from "../../bot/auth/authStore.js";
import type { Disposition } from "../../bot/cases/caseVocabulary.js";
import { consoleAuthOn } from "../console/consoleAuthOn.js";
import { loadConfig } from "../../bot/config/config.js";
import type { CommittedTurn } from "../../bot/engine/ports.js";
import { createRuntime, openRuntimeParts, type Runtime } from "../../bot/runtime.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { createTestDatabase, type Driver, type TestDatabase } from "../store/storeFixtures.js";

/*
 * What the erasure and retention tests share: the real runtime on a fresh database with the
 * chest-pain flow and a clinician, and a session handed to that clinician who chats and writes a
 * note (the words those tests then look for, or for their absence).
 */

export const CHEST_PAIN: Flow = flowSchema.parse(
  JSON.parse(readFileSync(fileURLToPath(new URL("../../flows/library/chest-pain.json", import.meta.url)), "utf8")),
);

export interface RuntimeWithClinician {
  database: TestDatabase;
  runtime: Runtime;
  store: PrismaStore;
  clinician: ConsoleUser;
}

/** The runtime on a fresh `driver` database with the chest-pain flow published and a clinician account. */
export async function runtimeWithClinician(driver: Driver, changeNote: string, who: { email: string; displayName: string }): Promise<RuntimeWithClinician> {
  const database = await createTestDatabase(driver);
  const config = loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: "silent" });
  const parts = await openRuntimeParts(config);
  const store = parts.store;
  await store.publishFlowVersion({ definition: CHEST_PAIN, author: "test", changeNote });
  const runtime = createRuntime(config, parts);
  const auth = consoleAuthOn(store);
  const clinician = (await auth.addUser({ ...who, role: "clinician", password: "a long enough secret" }, "test")).user;
  return { database, runtime, store, clinician };
}

function pendingQuestion(turn: CommittedTurn): string | undefined {
  const asked = turn.messages.filter((m) => m.body.kind === "question" || m.body.kind === "reask");
  const last = asked[asked.length - 1]?.body;
  return last?.kind === "question" ? last.question.questionId : last?.kind === "reask" ? last.questionId : undefined;
}

export interface HandOffScript {
  locale: "fr" | "en";
  clinicianReply: string;
  /** What the patient types to the clinician. */
  patientText: string;
  note: string;
  /** Closes the case with this outcome and summary. */
  close?: { disposition: Disposition; summary: string };
}

/** Two calm answers, "talk to a human", the clinician's reply, the patient's typed message and a note (then the close, if any): returns the session id. */
export async function handedOffSession(runtime: Runtime, clinician: ConsoleUser, key: string, script: HandOffScript): Promise<string> {
  const started = await runtime.conversations.start({ flow: CHEST_PAIN.slug, locale: script.locale, channel: "web", clientMessageId: `${key}-start` });
  let turn = started.turn;
  for (let step = 0; step < 2; step += 1) {
    const node = CHEST_PAIN.nodes.find((n) => n.id === pendingQuestion(turn))!;
    if (node.kind !== "question") throw new Error("not a question");
    const value =
      node.type === "multiple_choice" && node.noneOption
        ? [node.noneOption]
        : node.type === "number"
          ? 40
          : node.type === "yes_no"
            ? false
            : node.type === "single_choice"
              ? node.options[0]!.value
              : "ok";
    turn = await runtime.conversations.send(started.sessionId, `${key}-a${step}`, { type: "answer", value, questionId: node.id });
  }
  await runtime.conversations.send(started.sessionId, `${key}-human`, { type: "ask_human" });
  const cases = runtime.console!.cases;
  const open = (await cases.queue()).find((c) => c.sessionId === started.sessionId)!;
  await cases.claim(open.id, clinician);
  await cases.sendMessage(open.id, clinician, script.clinicianReply, `${key}-c1`);
  await runtime.conversations.send(started.sessionId, `${key}-p1`, { type: "text", text: script.patientText });
  await cases.addNote(open.id, clinician, script.note);
  if (script.close) await cases.close(open.id, clinician, script.close.disposition, script.close.summary);
  return started.sessionId;
}
