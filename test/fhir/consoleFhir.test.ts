import { readFileSync } from "node:fs";
import type { Bundle } from "fhir/r4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConsoleUser } from "../../bot/auth/authStore.js";
import { useBrowserWith } from "../browser/useBrowserWith.js";
import { signedIn, startConsoleServer } from "../console/consoleServer.js";
import { triagePatient, URGENT_URINARY, type WsPatient } from "../console/patientWs.js";
import { fhirValidator, type FhirValidator } from "./fhirSchema.js";

/*
 * The FHIR export as a clinician uses it: the whole product (`npm start`'s process), a patient
 * triaged URGENT over the web channel, the case page in Chromium, the link's download.
 */

const site = useBrowserWith(() => startConsoleServer());
let patient: WsPatient;
let clinician: ConsoleUser;
let caseId: string;
let validator: FhirValidator;

beforeAll(async () => {
  validator = fhirValidator();
  clinician = await site.server.addUser("ines@example.org", "clinician", "Dr Inès Benali");
  patient = await triagePatient(site.server.baseUrl, URGENT_URINARY.flow, URGENT_URINARY.answers, "fr");
  const found = await site.server.store.prisma.handoffCase.findFirst({ where: { sessionId: patient.sessionId } });
  caseId = found!.id;
}, 300_000);

afterAll(async () => {
  await patient?.close();
});

describe("the case page's FHIR export", () => {
  it("is refused without a console session", async () => {
    const response = await fetch(`${site.server.baseUrl}/api/console/cases/${caseId}/fhir`);
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain(patient.sessionId);
  });

  it("downloads the case as a FHIR R4 Bundle that validates, and records who exported it", async () => {
    const { context, page } = await signedIn(site.browser, site.server.baseUrl, "ines@example.org", { locale: "en", then: `/console/cases/${caseId}` });
    try {
      const link = page.getByTestId("fhir-export");
      await expect(link.textContent()).resolves.toBe("Download as FHIR R4 (for the medical record)");
      const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
      expect(download.suggestedFilename()).toBe(`triage-${patient.sessionId}.fhir.json`);
      const bundle = JSON.parse(readFileSync((await download.path())!, "utf8")) as Bundle;
      expect(validator.problems(bundle)).toEqual([]);
      expect(bundle.identifier).toEqual({ system: "urn:triage:session", value: patient.sessionId });
      // The console's language (English here) for the texts; the patient answered in French.
      const risk = bundle.entry!.find((e) => e.resource!.resourceType === "RiskAssessment")!.resource!;
      expect(JSON.stringify(risk)).toContain('"code":"URGENT"');
    } finally {
      await context.close();
    }
    const admin = await site.server.store.readAuditEvents("admin", 0, 10_000);
    expect(admin.filter((e) => e.type === "fhir.exported").map((e) => e.payload)).toEqual([
      { actor: clinician.id, details: { sessionId: patient.sessionId, caseId, resources: expect.any(Number) } },
    ]);
  });

  it("is offered in French to a French-speaking clinician", async () => {
    const { context, page } = await signedIn(site.browser, site.server.baseUrl, "ines@example.org", { locale: "fr", then: `/console/cases/${caseId}` });
    try {
      await expect(page.getByTestId("fhir-export").textContent()).resolves.toBe("Télécharger en FHIR R4 (pour le dossier médical)");
    } finally {
      await context.close();
    }
  });
});
