import { defineConfig, type PrismaConfig, type PrismaConfigInternal } from "prisma/config";

type JsEngineAdapter = Extract<PrismaConfig, { engine: "js" }>["adapter"];

/**
 * The Prisma CLI's configuration for one database (its schema and migrations folder, relative to
 * the calling config file): the JS engine with a driver adapter, which keeps the CLI from
 * downloading a native schema engine.
 */
export function jsEngineConfig(schema: string, migrations: string, adapter: JsEngineAdapter): PrismaConfigInternal {
  return defineConfig({ experimental: { adapter: true }, engine: "js", schema, migrations: { path: migrations }, adapter });
}
