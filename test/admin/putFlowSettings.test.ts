import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminError } from "../../bot/admin/adminError.js";
import { AdminFlows } from "../../bot/admin/adminFlows.js";
import { putFlowSettings } from "../../bot/admin/putFlowSettings.js";
import { validateFlow, type Flow } from "../../flows/index.js";
import { LEAD, openHeadacheDraft, shippedFlow, type HeadacheDraft } from "./adminFixtures.js";

/*
 * The "Flow settings" form's server side (issue 7): the flow-level fields put into the draft,
 * checked with the flow schema, refusals naming each field; saved by the same compare-and-set.
 */

/** The settings as the form posts them: every optional text present, blanks included. */
function formSettings(flow: Flow, changes: Record<string, unknown> = {}) {
  return {
    title: flow.title,
    description: flow.description ?? {},
    locales: flow.locales,
    start: flow.start,
    urgencyLabels: { EMERGENCY: {}, URGENT: { fr: "", en: "" }, SOON: {}, ROUTINE: {}, SELF_CARE: {} },
    sources: flow.sources.map((s) => ({ title: s.title, url: s.url ?? "" })),
    review: { status: flow.review.status, note: "" },
    ...changes,
  };
}

const refusal = (run: () => unknown): AdminError => {
  try {
    run();
  } catch (thrown) {
    if (thrown instanceof AdminError) return thrown;
    throw thrown;
  }
  throw new Error("not refused");
};

describe("putting the flow settings into the draft", () => {
  const flow = shippedFlow("headache");

  it("changes the titles, description, level labels, sources and review, and keeps the nodes and red flags", () => {
    const next = putFlowSettings(
      flow,
      formSettings(flow, {
        title: { fr: "Céphalées de l'adulte", en: "Adult headache" },
        description: { fr: "Nouvelle description", en: "New description" },
        urgencyLabels: { SOON: { fr: "Aujourd'hui", en: "Today" }, EMERGENCY: { fr: "", en: "" }, URGENT: {} },
        sources: [
          { title: "HAS 2024", url: "https://www.has-sante.fr/" },
          { title: "Local protocol", url: "" },
          { title: "", url: "" },
        ],
        review: { status: "reviewed", note: "Reviewed by Dr Lead, 2026-11" },
      }),
    );
    expect(next).toMatchObject({
      title: { fr: "Céphalées de l'adulte", en: "Adult headache" },
      description: { fr: "Nouvelle description", en: "New description" },
      urgencyLabels: { SOON: { fr: "Aujourd'hui", en: "Today" } },
      sources: [{ title: "HAS 2024", url: "https://www.has-sante.fr/" }, { title: "Local protocol" }],
      review: { status: "reviewed", note: "Reviewed by Dr Lead, 2026-11" },
    });
    expect(Object.keys(next.urgencyLabels ?? {})).toEqual(["SOON"]);
    expect(next.sources[1]).not.toHaveProperty("url");
    expect(next.nodes).toEqual(flow.nodes);
    expect(next.redFlags).toEqual(flow.redFlags);
    expect(next.slug).toBe(flow.slug);
    expect(validateFlow(next).ok).toBe(true);
  });

  it("leaves out a description, level labels and a review note left blank", () => {
    const next = putFlowSettings(flow, formSettings(flow, { description: { fr: " ", en: "" } }));
    expect(next).not.toHaveProperty("description");
    expect(next).not.toHaveProperty("urgencyLabels");
    expect(next.review).toEqual({ status: flow.review.status });
  });

  it("refuses a source without a valid address or title, no language, an unknown review status, naming each field", () => {
    const refused = refusal(() =>
      putFlowSettings(
        flow,
        formSettings(flow, {
          sources: [
            { title: "Somewhere", url: "not a url" },
            { title: "", url: "https://example.org/" },
          ],
          locales: [],
          review: { status: "approved" },
        }),
      ),
    );
    expect(refused).toMatchObject({ code: "ADMIN_INVALID_EDIT", httpStatus: 422 });
    expect(refused.details.fields).toEqual({ "sources.0.url": "invalid_url", "sources.1.title": "required", locales: "required", "review.status": "invalid" });
  });

  it("refuses a first node the flow does not have", () => {
    expect(refusal(() => putFlowSettings(flow, formSettings(flow, { start: "no_such_node" }))).details.fields).toEqual({ start: "unknown_node" });
  });

  it("moves the start to another node that exists", () => {
    expect(putFlowSettings(flow, formSettings(flow, { start: "age_years" })).start).toBe("age_years");
  });
});

describe("saving the flow settings on SQLite", () => {
  let draft: HeadacheDraft;
  let flows: AdminFlows;
  const lead = LEAD;

  beforeAll(async () => {
    draft = await openHeadacheDraft("sqlite");
    ({ flows } = draft);
  });
  afterAll(async () => draft?.close());

  it("saves new titles from the revision read, and refuses settings based on an older revision", async () => {
    const opened = await flows.requireDraft("headache");
    const retitled = putFlowSettings(opened.definition, formSettings(opened.definition, { title: { fr: "Céphalées", en: "Headache" } }));
    await flows.saveDraft("headache", retitled, lead, "flow settings edited", opened.revision);
    expect((await flows.requireDraft("headache")).definition.title.fr).toBe("Céphalées");
    const stale = putFlowSettings(opened.definition, formSettings(opened.definition, { title: { fr: "Trop tard", en: "Too late" } }));
    await expect(flows.saveDraft("headache", stale, lead, "flow settings edited", opened.revision)).rejects.toMatchObject({ code: "ADMIN_DRAFT_CONFLICT" });
    expect((await flows.requireDraft("headache")).definition.title.fr).toBe("Céphalées");
  });
});
