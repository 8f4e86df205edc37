import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { deleteNode, putNode, putRedFlags } from "../../bot/admin/putFlowNode.js";
import { draftConflict } from "../../bot/admin/draftConflict.js";
import { errorAnswer } from "../../bot/errorTexts.js";
import { shippedFlow } from "./adminFixtures.js";

/*
 * An administrator whose edit is refused reads why in the console's language, naming what the
 * refusal is about: the text comes from the one table by the error's reason, never from the
 * error's developer message (English, for logs and tests).
 */

function refusalOf(edit: () => unknown) {
  try {
    edit();
  } catch (thrown) {
    return { fr: errorAnswer(thrown, "fr"), en: errorAnswer(thrown, "en") };
  }
  throw new Error("the edit was not refused");
}

describe("an edit of a questionnaire refused", () => {
  it("names the node still in use and what uses it, in French and in English", async () => {
    const flow = await shippedFlow("headache");
    const used = flow.nodes.find((n) => n.id !== flow.start && n.kind === "question")!;
    const refusal = refusalOf(() => deleteNode(flow, used.id));
    expect(refusal.fr.code).toBe("ADMIN_INVALID_EDIT");
    expect(refusal.fr.text).toMatch(new RegExp(`^Le nœud ${used.id} est encore utilisé par : .+\\. Modifiez-les d'abord\\.$`));
    expect(refusal.en.text).toMatch(new RegExp(`^Node ${used.id} is still used by: .+\\. Change those first\\.$`));
  });

  it("says a node id is taken, and a red flag named twice, without the developer's words", async () => {
    const flow = await shippedFlow("headache");
    const taken = refusalOf(() => putNode(flow, { ...flow.nodes.find((n) => n.kind === "outcome")! }));
    expect(taken.fr.text).toContain("existe déjà : choisissez un autre identifiant");
    const flag = flow.redFlags[0]!;
    const twice = refusalOf(() => putRedFlags(flow, [flag, flag]));
    expect(twice.fr.text).toBe(`Deux signes d'alerte s'appellent ${flag.id}.`);
    expect(twice.en.text).toBe(`Two red flags are named ${flag.id}.`);
  });

  it("tells what did not happen when the draft changed under a publish", () => {
    const refusal = errorAnswer(draftConflict("publish"), "fr");
    expect(refusal.status).toBe(409);
    expect(refusal.text).toContain("rien n'a été publié");
  });

  it("gives every refused edit in bot/admin a reason the table has a text for", () => {
    const dir = fileURLToPath(new URL("../../bot/admin", import.meta.url));
    const throws = readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .flatMap((f) =>
        readFileSync(join(dir, f), "utf8")
          .split('new AdminError("ADMIN_INVALID_EDIT"')
          .slice(1)
          .map((rest) => ({ f, rest: rest.slice(0, 300) })),
      );
    expect(throws.length).toBeGreaterThan(10);
    for (const { f, rest } of throws) {
      const reason = /reason: "([a-z_]+)"/.exec(rest)?.[1];
      expect(reason, `${f}: ADMIN_INVALID_EDIT without a reason`).toBeDefined();
      const thrown = Object.assign(new Error("developer words"), { code: "ADMIN_INVALID_EDIT", httpStatus: 422, details: { reason, node: "x" } });
      expect(errorAnswer(thrown, "fr").text, `${f}: reason ${reason}`).not.toBe("Cette modification n'est pas possible.");
    }
  });
});
