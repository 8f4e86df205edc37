import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "flows/**/*.test.ts", "bot/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Database and browser tests share real servers; files run in parallel, tests inside a file in order.
    pool: "forks",
    // The run's own PostgreSQL and Redis, and a check that nothing is left behind (test/services).
    globalSetup: ["test/services/globalSetup.ts"],
  },
});
