import { error, fail, redirect, type RequestEvent } from "@sveltejs/kit";
import { detailsOf, isCoded } from "$wire/errors";
import type { Flow } from "../../../../../../flows/schema/flowSchema";
import { admin, adminFlows, editorOf } from "$lib/admin/adminServices";
import { guardPage } from "$lib/server/auth/guard";
import { refusalText } from "$lib/server/refusalText";
import type { Actions, PageServerLoad } from "./$types";

/** The draft editor of one flow: JSON, node forms, validation with test cases, publication, history. */
export const load: PageServerLoad = async (event) => {
  await guardPage(event, "admin");
  const flows = adminFlows();
  const slug = event.params.slug;
  const [draft, versions, testCases, usage, overview] = await Promise.all([
    flows.draft(slug),
    flows.versions(slug),
    flows.testCases(slug),
    flows.usageByVersion(slug),
    flows.overview(),
  ]);
  if (!draft && versions.length === 0) error(404, `No flow ${slug}`);
  const selected = event.url.searchParams.get("node");
  const node = draft && selected ? draft.definition.nodes.find((n) => n.id === selected) : undefined;
  return {
    slug,
    /** Which part of the draft the page shows (issue 24, item 13): one node's form, not all of it at once. */
    section: sectionOf(event.url),
    /** What the last save saved (a save redirects here with it): the page confirms it. */
    saved: savedOf(event.url),
    draft: draft
      ? {
          version: draft.version,
          author: draft.author,
          json: JSON.stringify(draft.definition, null, 2),
          definition: draft.definition,
          revision: draft.revision,
        }
      : undefined,
    check: draft ? await flows.check(draft.definition) : undefined,
    // The diff of the very draft whose revision the publish form sends back.
    diff: draft ? await flows.diffWithLatest(draft.definition) : undefined,
    versions,
    testCases,
    usage,
    node: node ? { node, targets: admin().edits.optionTargets(node) } : undefined,
    /** Flows a handover node may name. */
    flowSlugs: overview.map((f) => f.slug),
  };
};

/** The editor's sections; a node in the URL opens "nodes". */
const SECTIONS = ["overview", "nodes", "add", "settings", "red-flags", "json", "history"] as const;
type Section = (typeof SECTIONS)[number];
const SAVED = ["node", "deleted", "settings", "redFlags", "json"] as const;

function sectionOf(url: URL): Section {
  if (url.searchParams.has("node")) return "nodes";
  const asked = url.searchParams.get("section");
  return SECTIONS.find((s) => s === asked) ?? "overview";
}

function savedOf(url: URL): (typeof SAVED)[number] | undefined {
  const saved = url.searchParams.get("saved");
  return SAVED.find((s) => s === saved);
}

type Edit = (flow: Flow, form: FormData) => Flow;

/** The revision the page was loaded with: every save sends it back (edit conflicts, issue 7). */
const revisionOf = (form: FormData) => String(form.get("revision") ?? "");

/** The revision for actions that must not run on a draft the administrator did not see. */
function requiredRevision(form: FormData): string {
  const revision = revisionOf(form);
  if (!revision) throw admin().refusal("ADMIN_REVISION_REQUIRED", "the form sent no draft revision");
  return revision;
}

/**
 * Applies a form edit to the draft and saves it, only if the draft is still the revision the page
 * showed; refusals come back to the page as `error`. `then(form)` names the page to go to after.
 */
async function saveEdit(event: RequestEvent<{ slug: string }>, edit: Edit, note: string, then: (form: FormData) => string) {
  const identity = await guardPage(event, "admin");
  const form = await event.request.formData();
  const flows = adminFlows();
  try {
    const draft = await flows.requireDraft(event.params.slug);
    const revision = revisionOf(form);
    // Checked here too so an edit is never even applied to someone else's newer draft.
    if (revision !== draft.revision) throw admin().refusal("ADMIN_DRAFT_CONFLICT", "the draft changed since the page was loaded");
    await flows.saveDraft(event.params.slug, edit(draft.definition, form), editorOf(identity), note, revision);
  } catch (thrown) {
    return refused(event, thrown, unsavedOf(form));
  }
  redirect(303, then(form));
}

/** An action the administrator takes on the flow: what it answers, or its refusal for the page to show (refused). */
function adminAction<T>(act: (event: RequestEvent<{ slug: string }>, editor: ReturnType<typeof editorOf>, form: FormData) => Promise<T>) {
  return async (event: RequestEvent<{ slug: string }>) => {
    const identity = await guardPage(event, "admin");
    const form = await event.request.formData();
    try {
      return await act(event, editorOf(identity), form);
    } catch (thrown) {
      return refused(event, thrown);
    }
  };
}

/** What the administrator was saving, shown back on a conflict so nothing typed is lost. */
function unsavedOf(form: FormData): string {
  for (const name of ["node_json", "red_flags_json", "settings_json", "json"]) {
    const value = form.get(name);
    if (typeof value === "string" && value !== "") return value;
  }
  return "";
}

function refused(event: RequestEvent, thrown: unknown, unsaved = "") {
  if (isCoded(thrown) && thrown.code.startsWith("ADMIN_")) {
    const details = detailsOf(thrown);
    return fail(thrown.httpStatus, {
      error: refusalText(thrown, event),
      conflict: thrown.code === "ADMIN_DRAFT_CONFLICT",
      /** Which action the conflict refused (save, publish, discard): the notice says what did not happen. */
      conflictAction: String(details.action ?? "save"),
      unsaved,
      problems: (details.problems ?? []) as { message: string; node?: string }[],
      tests: (details.tests ?? []) as { name: string; problem?: string }[],
      /** Flow settings: a problem code per field path, shown next to the field. */
      fields: (details.fields ?? {}) as Record<string, string>,
    });
  }
  throw thrown;
}

function jsonField(form: FormData, name: string): unknown {
  try {
    return JSON.parse(String(form.get(name) ?? ""));
  } catch {
    throw admin().refusal("ADMIN_INVALID_EDIT", `the form sent no ${name}`);
  }
}

/** The complete node form: the node as JSON, what it replaces (absent: new), its answers' targets. */
function putNodeFromForm(flow: Flow, form: FormData): Flow {
  const replaces = String(form.get("replaces") ?? "");
  const targets = form.has("targets_json") ? (jsonField(form, "targets_json") as Record<string, string>) : undefined;
  return admin().edits.putNode(flow, jsonField(form, "node_json"), {
    ...(replaces ? { replaces } : {}),
    start: form.get("start") === "on",
    ...(targets ? { targets } : {}),
  });
}

const nodePage = (form: FormData) => {
  const node = jsonField(form, "node_json") as { id?: unknown };
  return `?node=${encodeURIComponent(String(node.id ?? ""))}&saved=node#node-form`;
};

const nodeId = (form: FormData) => String(form.get("node") ?? "");

export const actions: Actions = {
  saveJson: async (event) => {
    const identity = await guardPage(event, "admin");
    const form = await event.request.formData();
    const text = String(form.get("json") ?? "");
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (thrown) {
      return fail(422, { error: `JSON: ${(thrown as Error).message}`, conflict: false, unsaved: text, problems: [], tests: [] });
    }
    try {
      await adminFlows().saveDraft(event.params.slug, json, editorOf(identity), "edited as JSON", revisionOf(form));
    } catch (thrown) {
      return refused(event, thrown, text);
    }
    redirect(303, "?section=json&saved=json");
  },
  /** The complete node form (every kind); a new node opens in the form after saving. */
  saveNode: (event) => saveEdit(event, putNodeFromForm, "node edited in the form", nodePage),
  deleteNode: (event) =>
    saveEdit(
      event,
      (flow, form) => admin().edits.deleteNode(flow, nodeId(form)),
      "node deleted",
      () => "?section=nodes&saved=deleted",
    ),
  /** The flow-level fields (titles, description, languages, level labels, sources, review), schema-checked. */
  saveSettings: (event) =>
    saveEdit(
      event,
      (flow, form) => admin().edits.putFlowSettings(flow, jsonField(form, "settings_json")),
      "flow settings edited",
      () => "?section=settings&saved=settings",
    ),
  saveRedFlags: (event) =>
    saveEdit(
      event,
      (flow, form) => admin().edits.putRedFlags(flow, jsonField(form, "red_flags_json")),
      "red flags edited",
      () => "?section=red-flags&saved=redFlags",
    ),
  /** Validation and the test cases run on every load; this action only says it was asked (refused when no draft is open). */
  validate: adminAction(async (event) => ({ validated: true, publishable: (await adminFlows().checkDraft(event.params.slug)).publishable })),
  /** Publishes the draft the page showed (its diff included): the form sends that revision (issue 7). */
  publish: adminAction(async (event, editor, form) => {
    const note = String(form.get("note") ?? "");
    return { published: (await adminFlows().publish(event.params.slug, note, editor, requiredRevision(form))).record.version };
  }),
  rollback: adminAction(async (event, editor, form) => ({
    published: (await adminFlows().rollback(event.params.slug, Number(form.get("version")), editor)).version,
  })),
  /** Refused when there is nothing to start from (no published version): the page says why instead of "saved". */
  draft: adminAction(async (event, editor) => {
    await adminFlows().createDraft(event.params.slug, editor);
    return { saved: true };
  }),
  /** Deletes the open draft the page showed (audited), not a newer one; published versions are untouched. */
  discard: adminAction(async (event, editor, form) => {
    await admin().discardDraft(event.params.slug, editor, requiredRevision(form));
    return { saved: true };
  }),
  deleteTest: async (event) => {
    const identity = await guardPage(event, "admin");
    const id = String((await event.request.formData()).get("id") ?? "");
    await adminFlows().deleteTestCase(event.params.slug, id, editorOf(identity));
    return { saved: true };
  },
};
