import { useFixture } from "../fixtures/useFixture.js";
import { slackWorld, type SlackWorld, type SlackWorldOptions } from "./slackHarness.js";

/** The enclosing describe block's (or file's) Slack world (runtime, fake Slack Web API), closed after its tests. */
export function useSlackWorld(options?: SlackWorldOptions): SlackWorld {
  return useFixture(
    "the Slack world",
    () => slackWorld(options),
    (world) => world.close(),
  );
}
