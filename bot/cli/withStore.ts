import type { CodedError } from "../errors.js";
import { logger } from "../logger.js";
import { migrate } from "../store/migrate.js";
import { openStore } from "../store/openStore.js";
import type { PrismaStore } from "../store/prismaStore.js";
import { EXIT_OK, EXIT_PROBLEMS, type CliIo } from "./cliIo.js";

/** How a store command runs: where it writes, how it ends, which database, and which refusals are the input's problem. */
export interface StoreCommand {
  io: CliIo;
  setExitCode: (code: number) => void;
  /** --database-url; else DATABASE_URL; else the default SQLite file. */
  databaseUrl: string | undefined;
  /** The command's own family of refusals (a session not found...): printed with its code, exit 1. Anything else is thrown. */
  refusal?: abstract new (...args: never[]) => CodedError;
}

/**
 * Opens (and migrates) the deployment's store quietly, runs the command on it, exits 0, and
 * closes the store whatever happens: the one shape of every command that reads or writes the
 * database (fhir, erase, retention).
 */
export async function withStore(command: StoreCommand, run: (store: PrismaStore) => Promise<void>): Promise<void> {
  const { io, setExitCode, refusal } = command;
  const url = command.databaseUrl ?? process.env.DATABASE_URL;
  const quiet = logger.child({}, { level: "warn" });
  await migrate(url, { logger: quiet });
  const store = await openStore({ ...(url ? { databaseUrl: url } : {}), logger: quiet });
  try {
    await run(store);
    setExitCode(EXIT_OK);
  } catch (error) {
    if (!refusal || !(error instanceof refusal)) throw error;
    io.err(`error (${error.code}): ${error.message}\n`);
    setExitCode(EXIT_PROBLEMS);
  } finally {
    await store.close();
  }
}
