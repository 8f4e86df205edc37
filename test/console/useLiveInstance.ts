import { useFixture } from "../fixtures/useFixture.js";
import { createTestDatabase, type TestDatabase } from "../store/storeFixtures.js";
import { liveInstance, type LiveInstance } from "./liveInstance.js";

/** The enclosing describe block's (or file's) live instance on a fresh SQLite file: closed, and the file removed, after its tests. */
export function useLiveInstance(): LiveInstance {
  let database: TestDatabase | undefined;
  return useFixture(
    "the live instance",
    async () => {
      database = await createTestDatabase("sqlite");
      return liveInstance(database.url);
    },
    async (instance) => {
      await instance.close();
      await database?.drop();
    },
    60_000,
  );
}
