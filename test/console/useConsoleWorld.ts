import { useFixture } from "../fixtures/useFixture.js";
import type { Driver } from "../store/storeFixtures.js";
import { consoleWorld, type ConsoleWorld } from "./consoleFixtures.js";

/** The enclosing describe block's (or file's) console world on a fresh database of `driver`, closed after its tests. */
export function useConsoleWorld(driver: Driver, options?: Parameters<typeof consoleWorld>[1]): ConsoleWorld {
  return useFixture(
    "the console world",
    () => consoleWorld(driver, options),
    (world) => world.close(),
  );
}
