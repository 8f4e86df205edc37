// Child of crash.test.ts: commits turns under load and prints `ACK <session> <client message id>`
// after each commit resolved, until the parent kills it with SIGKILL.
import { openTestStore, makeTurn } from "./storeFixtures.js";

const [databaseUrl, runId] = process.argv.slice(2);
if (!databaseUrl || !runId) throw new Error("usage: crashChild.ts <database url> <run id>");

const store = await openTestStore(databaseUrl);
// Pipes are synchronous on Linux: once write() returns, the line survives our SIGKILL.
process.stdout.write("READY\n");

async function drive(session: string): Promise<void> {
  for (let turn = 0; ; turn += 1) {
    const clientMessageId = `c${turn}`;
    await store.commitTurn(makeTurn(session, clientMessageId, { isNew: turn === 0, handoff: turn % 7 === 6 }));
    process.stdout.write(`ACK ${session} ${clientMessageId}\n`);
  }
}

await Promise.all(Array.from({ length: 48 }, (_, i) => drive(`crash-${runId}-${i}`)));
