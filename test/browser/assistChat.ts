import { afterAll, beforeAll } from "vitest";
import { FakeOpenAiServer, type FakeScript } from "../llm/fakeOpenAiServer.js";
import { startServerProcess } from "./serverProcess.js";
import { useBrowserWith } from "./useBrowserWith.js";

/**
 * For the enclosing file: a fake OpenAI-compatible model answering from `script`, then Chromium and
 * `npm start`'s process with LLM_BASE_URL pointing at it (started once the model is up, stopped
 * before it). `model()` is the fake, to read the requests it received inside tests.
 */
export function useChatWithFakeModel(script: FakeScript) {
  let fake: FakeOpenAiServer | undefined;
  beforeAll(async () => {
    fake = await FakeOpenAiServer.start();
    fake.script = script;
  });
  afterAll(async () => {
    await fake?.close();
  });
  const chat = useBrowserWith(() => startServerProcess({ env: { LLM_BASE_URL: fake!.baseUrl, LLM_MODEL: "fake-model" } }));
  return { chat, model: () => fake! };
}
