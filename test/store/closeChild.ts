// Child of writerThread.test.ts: commits a few turns, closes the store and lets the process end by
// itself (no process.exit), as the CLI and the benchmark do. Prints `CLOSED` once close() resolved.
import { makeTurn, openTestStore } from "./storeFixtures.js";

const [databaseUrl] = process.argv.slice(2);
if (!databaseUrl) throw new Error("usage: closeChild.ts <database url>");

const store = await openTestStore(databaseUrl);
await store.commitTurn(makeTurn("close-1", "c0", { isNew: true }));
await Promise.all([store.commitTurn(makeTurn("close-1", "c1")), store.commitTurn(makeTurn("close-2", "c0", { isNew: true }))]);
await store.close();
process.stdout.write("CLOSED\n");
