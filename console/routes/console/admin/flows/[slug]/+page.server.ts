import { error, fail, redirect, type RequestEvent } from "@sveltejs/kit";
import { AdminError } from "../../../../../../bot/admin/adminError";
import { discardDraft } from "../../../../../../bot/admin/discardDraft";
import { appendInTransaction } from "../../../../../../bot/store/auditLog";
import { addOutcome, addQuestion, editOutcome, editQuestion, optionTargets } from "../../../../../../bot/admin/editFlowNode";
import type { Flow } from "../../../../../../flows/schema/flowSchema";
import { adminFlows, adminStore, editorOf } from "$lib/admin/adminServices";
import { readNewOutcome, readNewQuestion, readOutcomeForm, readQuestionForm } from "$lib/admin/readNodeForm";
import { guardPage } from "$lib/server/auth/guard";
import type { Actions, PageServerLoad } from "./$types";

/** The draft editor of one flow: JSON, node forms, validation with test cases, publication, history. */
export const load: PageServerLoad = async (event) => {
  await guardPage(event, "admin");
  const flows = adminFlows();
  const slug = event.params.slug;
  const [draft, versions, testCases, usage] = await Promise.all([flows.draft(slug), flows.versions(slug), flows.testCases(slug), flows.usageByVersion(slug)]);
  if (!draft && versions.length === 0) error(404, `No flow ${slug}`);
  const selected = event.url.searchParams.get("node");
  const node = draft && selected ? draft.definition.nodes.find((n) => n.id === selected) : undefined;
  return {
    slug,
    draft: draft ? { version: draft.version, author: draft.author, json: JSON.stringify(draft.definition, null, 2), definition: draft.definition } : undefined,
    check: draft ? await flows.check(draft.definition) : undefined,
    diff: draft ? await flows.draftDiff(slug) : undefined,
    versions,
    testCases,
    usage,
    node: node ? { node, targets: optionTargets(node) } : undefined,
  };
};

type Edit = (flow: Flow, form: FormData) => Flow;

/** Applies a form edit to the draft and saves it; refusals come back to the page as `error`. */
async function saveEdit(event: RequestEvent<{ slug: string }>, edit: Edit, note: string, then?: string) {
  const identity = await guardPage(event, "admin");
  const form = await event.request.formData();
  const flows = adminFlows();
  try {
    const draft = await flows.requireDraft(event.params.slug);
    await flows.saveDraft(event.params.slug, edit(draft.definition, form), editorOf(identity), note);
  } catch (thrown) {
    return refused(thrown);
  }
  if (then) redirect(303, then);
  return { saved: true };
}

function refused(thrown: unknown) {
  if (thrown instanceof AdminError) return fail(thrown.httpStatus, { error: thrown.message, problems: (thrown.details.problems ?? []) as { message: string; node?: string }[], tests: (thrown.details.tests ?? []) as { name: string; problem?: string }[] });
  throw thrown;
}

const nodeId = (form: FormData) => String(form.get("node") ?? "");

export const actions: Actions = {
  saveJson: async (event) => {
    const identity = await guardPage(event, "admin");
    const text = String((await event.request.formData()).get("json") ?? "");
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (thrown) {
      return fail(422, { error: `JSON: ${(thrown as Error).message}`, problems: [], tests: [] });
    }
    try {
      await adminFlows().saveDraft(event.params.slug, json, editorOf(identity), "edited as JSON");
    } catch (thrown) {
      return refused(thrown);
    }
    return { saved: true };
  },
  saveQuestion: (event) => saveEdit(event, (flow, form) => editQuestion(flow, nodeId(form), readQuestionForm(form)), "question edited"),
  saveOutcome: (event) => saveEdit(event, (flow, form) => editOutcome(flow, nodeId(form), readOutcomeForm(form)), "outcome edited"),
  addQuestion: (event) => saveEdit(event, (flow, form) => addQuestion(flow, readNewQuestion(form)), "question added"),
  addOutcome: (event) => saveEdit(event, (flow, form) => addOutcome(flow, readNewOutcome(form)), "outcome added"),
  /** Validation and the test cases run on every load; this action only says it was asked. */
  validate: async (event) => {
    await guardPage(event, "admin");
    const check = await adminFlows().checkDraft(event.params.slug).catch(refused);
    return { validated: true, publishable: "publishable" in check ? check.publishable : false };
  },
  publish: async (event) => {
    const identity = await guardPage(event, "admin");
    const note = String((await event.request.formData()).get("note") ?? "");
    let version: number;
    try {
      version = (await adminFlows().publish(event.params.slug, note, editorOf(identity))).record.version;
    } catch (thrown) {
      return refused(thrown);
    }
    return { published: version };
  },
  rollback: async (event) => {
    const identity = await guardPage(event, "admin");
    const version = Number((await event.request.formData()).get("version"));
    try {
      return { published: (await adminFlows().rollback(event.params.slug, version, editorOf(identity))).version };
    } catch (thrown) {
      return refused(thrown);
    }
  },
  draft: async (event) => {
    const identity = await guardPage(event, "admin");
    await adminFlows().createDraft(event.params.slug, editorOf(identity)).catch(refused);
    return { saved: true };
  },
  /** Deletes the open draft (audited); published versions are untouched. */
  discard: async (event) => {
    const identity = await guardPage(event, "admin");
    try {
      await discardDraft(adminStore(), appendInTransaction, event.params.slug, editorOf(identity), new Date());
    } catch (thrown) {
      return refused(thrown);
    }
    return { saved: true };
  },
  deleteTest: async (event) => {
    const identity = await guardPage(event, "admin");
    const id = String((await event.request.formData()).get("id") ?? "");
    await adminFlows().deleteTestCase(event.params.slug, id, editorOf(identity));
    return { saved: true };
  },
};
