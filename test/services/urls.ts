/** The run's own servers, started by test/services/globalSetup.ts (vitest's globalSetup). */
function required(name: "TEST_POSTGRES_URL" | "TEST_REDIS_URL"): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with vitest (its globalSetup starts PostgreSQL and Redis)`);
  return value;
}

export const testPostgresUrl = (): string => required("TEST_POSTGRES_URL");
export const testRedisUrl = (): string => required("TEST_REDIS_URL");
