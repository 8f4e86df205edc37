import { describe, expect, it } from "vitest";
import { CLINICIANS, textOf } from "./slackHarness.js";
import { useSlackWorld } from "./useSlackWorld.js";
import { everyKindFlow } from "../engine/fixtures/everyKindFlow.js";

const world = useSlackWorld({ userLocales: { UEN: "en-US", UFR: "fr-FR", URED: "en-GB", USW: "en-US" } });

describe("a patient on Slack", () => {
  it("completes a flow in English through a typed number, checkboxes and the 0-10 select", async () => {
    expect((await world.command("UEN", "tiny")).status).toBe(200);
    const age = await world.waitForText("DUEN", "Age?");
    expect(textOf(age)).toContain("Type your answer here (0 to 120 years)");

    await world.dm("UEN", "40");
    const symptoms = await world.waitForText("DUEN", "Symptoms?");
    expect((await world.click("UEN", symptoms, "triage_confirm", { option: ["cough"] })).status).toBe(200);

    const pain = await world.waitForText("DUEN", "Pain?");
    await world.click("UEN", pain, "triage_scale", { option: "3" });

    const outcome = await world.waitForText("DUEN", "Rest");
    expect(textOf(outcome)).toContain("Self-care");
    expect(textOf(outcome)).toContain("If worse, call");
    // A clicked question loses its controls and shows the answer.
    expect(world.api.of("chat.update", "DUEN").map(textOf).join("\n")).toContain("Your answer: Cough");
  });

  it("completes a flow in French, the language taken from the Slack user's locale", async () => {
    await world.command("UFR", "tiny");
    const age = await world.waitForText("DUFR", "Âge ?");
    expect(textOf(age)).toContain("Écrivez votre réponse");
    await world.dm("UFR", "70");
    const symptoms = await world.waitForText("DUFR", "Symptômes ?");
    expect(textOf(symptoms)).toContain("Valider");
    await world.click("UFR", symptoms, "triage_confirm", { option: ["none"] });
    const pain = await world.waitForText("DUFR", "Douleur ?");
    await world.click("UFR", pain, "triage_scale", { option: "0" });
    const outcome = await world.waitForText("DUFR", "Prenez rendez-vous");
    expect(textOf(outcome)).toContain("Bientôt");
  });

  it("gets the engine's re-ask for a wrong typed value, then goes on", async () => {
    await world.command("URED", "tiny");
    await world.waitForText("DURED", "Age?");
    const before = world.posts("DURED").length;
    await world.dm("URED", "two hundred");
    await world.waitForText("DURED", /number/i, before);
    await world.dm("URED", "30");
    await world.waitForText("DURED", "Symptoms?");
  });

  it("gets the emergency numbers on the first line of the outcome after a red-flag answer", async () => {
    const symptoms = await world.waitForText("DURED", "Symptoms?");
    const before = world.posts("DURED").length;
    await world.click("URED", symptoms, "triage_confirm", { option: ["blue_lips"] });
    await world.waitForText("DURED", "Call 15", before);
    const first = world.posts("DURED")[before]!;
    const blocks = first.args["blocks"] as { text: { text: string } }[];
    const firstLine = blocks[0]!.text.text.split("\n")[0]!;
    expect(firstLine).toMatch(/Call 15 .* 112/);
    // One message: the urgency in words, the advice and the safety-netting under the numbers.
    expect(textOf(first)).toContain("Emergency");
    expect(textOf(first)).toContain("Stay on the line");
    // EMERGENCY cases are announced to the clinicians too.
    await world.waitForText(CLINICIANS, "New case: Emergency");
  });

  it("gets the emergency numbers on the first line in French too", async () => {
    world.api.users.set("UREDFR", { id: "UREDFR", locale: "fr-FR" });
    await world.command("UREDFR", "tiny");
    await world.waitForText("DUREDFR", "Âge ?");
    await world.dm("UREDFR", "58");
    const symptoms = await world.waitForText("DUREDFR", "Symptômes ?");
    const before = world.posts("DUREDFR").length;
    await world.click("UREDFR", symptoms, "triage_confirm", { option: ["blue_lips"] });
    await world.waitForPosts("DUREDFR", before + 1);
    const first = world.posts("DUREDFR")[before]!;
    const firstLine = (first.args["blocks"] as { text: { text: string } }[])[0]!.text.text.split("\n")[0]!;
    expect(firstLine).toMatch(/^:rotating_light: \*Appelez le 15 .* 112/);
    expect(textOf(first)).toContain("Urgence");
    expect(textOf(first)).toContain("Restez en ligne");
  });

  it("switches language with the button", async () => {
    await world.command("USW", "tiny");
    const age = await world.waitForText("DUSW", "Age?");
    await world.click("USW", age, "triage_locale");
    await world.waitForText("DUSW", "Âge ?");
  });

  it("goes on with the same session after a restart (the DM's session is in the database)", async () => {
    world.api.users.set("URST", { id: "URST", locale: "en-US" });
    await world.command("URST", "tiny");
    await world.waitForText("DURST", "Age?");
    await world.restart();
    await world.dm("URST", "25");
    await world.waitForText("DURST", "Symptoms?");
  });

  it("is told in words when the flow asked for does not exist", async () => {
    world.api.users.set("UNF", { id: "UNF", locale: "fr-FR" });
    await world.command("UNF", "no-such-flow");
    await world.waitForText("DUNF", "Ce questionnaire n'existe pas. Essayez `/triage` seul.");
  });

  it("sees about how many questions are left, and answers a duration with the 'I don't know' button", async () => {
    await world.store.publishFlowVersion({ definition: everyKindFlow(), author: "test", changeNote: "slack progress" });
    world.api.users.set("UDK", { id: "UDK", locale: "fr-FR" });
    await world.command("UDK", "every-kind");
    const fever = await world.waitForText("DUDK", "Avez-vous de la fièvre ?");
    expect(textOf(fever)).toContain("Environ 6 questions restantes");
    await world.click("UDK", fever, "triage_answer:yes");
    const temperature = await world.waitForText("DUDK", "Votre température ?");
    expect(textOf(temperature)).toContain("Environ 5 questions restantes");
    // A temperature does not take "don't know" in this flow: no such button.
    expect(textOf(temperature)).not.toContain("Je ne sais pas");
    await world.dm("UDK", "38,5");
    const where = await world.waitForText("DUDK", "Où avez-vous mal ?");
    await world.click("UDK", where, "triage_answer:0");
    const since = await world.waitForText("DUDK", "Depuis quand ?");
    expect(textOf(since)).toContain("Je ne sais pas");
    await world.click("UDK", since, "triage_answer:dont_know");
    await world.waitForText("DUDK", "Avez-vous l'un de ces signes ?");
    expect(world.api.of("chat.update", "DUDK").map(textOf).join("\n")).toContain("Votre réponse : Je ne sais pas");
  });
});
