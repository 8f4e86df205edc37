import { afterAll, beforeAll } from "vitest";
import type { OpenStoreOptions } from "../../bot/store/openStore.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { createTestDatabase, openTestStore, type Driver, type TestDatabase } from "./storeFixtures.js";

/** A test block's database and the store open on it, set once its beforeAll has run. */
export interface TestStoreHandle {
  readonly database: TestDatabase;
  readonly store: PrismaStore;
}

/**
 * Gives the enclosing describe block (or file) a fresh migrated database of `driver` and a store
 * on it: created before its tests, closed and dropped after them. Read `store` inside tests and
 * hooks, not when declaring them.
 */
export function useTestStore(driver: Driver, options: Omit<OpenStoreOptions, "databaseUrl"> = {}): TestStoreHandle {
  let database: TestDatabase | undefined;
  let store: PrismaStore | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(driver);
    store = await openTestStore(database.url, options);
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });
  return {
    get database() {
      if (!database) throw new Error("the test database is not created yet: read it inside a test or hook");
      return database;
    },
    get store() {
      if (!store) throw new Error("the test store is not open yet: read it inside a test or hook");
      return store;
    },
  };
}
