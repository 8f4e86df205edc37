// Entry of the SQLite writer thread. A worker does not inherit the TypeScript loader of every way
// the server runs (tsx, `vite dev`'s tsImport, vitest), so it registers tsx itself.
import { register } from "tsx/esm/api";

register();
await import("./sqliteWriterWorker.ts");
