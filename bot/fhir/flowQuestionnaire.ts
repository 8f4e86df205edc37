import type { Coding, Extension, Questionnaire, QuestionnaireItem } from "fhir/r4";
import type { Flow, FlowNode, Locale } from "../../flows/index.js";
import { flowCanonical, optionSystem, textIn, translations } from "./fhirCodes.js";

/*
 * A flow version as a FHIR R4 Questionnaire: each question an item (its type mapped to FHIR's,
 * options as codings, the flow's SNOMED CT / LOINC codes kept), each information message a
 * display item, texts in the flow's first language with the others as translation extensions.
 * Which questions are asked depends on earlier answers through JSON Logic rules that FHIR's
 * enableWhen cannot express: the Questionnaire lists them all, the response holds those asked.
 */

const MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue";
const MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue";
const MAX_DECIMALS = "http://hl7.org/fhir/StructureDefinition/maxDecimalPlaces";
const UNIT = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit";

/** A FHIR name: starts with a capital, letters, digits and underscores. */
function fhirName(slug: string): string {
  return slug
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("")
    .replace(/^[^A-Z]/, "F");
}

/** The Questionnaire's resource id for a flow version (FHIR ids: letters, digits, '-', '.', at most 64). */
export function questionnaireId(slug: string, version: number): string {
  return `${slug}-${version}`.slice(0, 64);
}

function bounds(kind: "Integer" | "Decimal", min: number, max: number): Extension[] {
  return [
    { url: MIN_VALUE, [`value${kind}`]: min },
    { url: MAX_VALUE, [`value${kind}`]: max },
  ] as Extension[];
}

function questionItem(flow: Flow, node: Extract<FlowNode, { kind: "question" }>, locale: Locale): QuestionnaireItem {
  const base: QuestionnaireItem = { linkId: node.id, text: textIn(node.text, locale), type: "string" };
  const translated = translations(node.text, locale);
  if (translated) base._text = translated;
  if (node.codes?.length) base.code = node.codes.map((c): Coding => ({ system: c.system, code: c.code, ...(c.display ? { display: c.display } : {}) }));
  switch (node.type) {
    case "yes_no":
      return { ...base, type: "boolean" };
    case "single_choice":
    case "multiple_choice":
      return {
        ...base,
        type: "choice",
        ...(node.type === "multiple_choice" ? { repeats: true } : {}),
        answerOption: node.options.map((option) => ({
          valueCoding: { system: optionSystem(flow.slug, node.id), code: option.value, display: textIn(option.label, locale) },
        })),
      };
    case "number":
      return {
        ...base,
        type: node.integer ? "integer" : "decimal",
        extension: [
          ...bounds(node.integer ? "Integer" : "Decimal", node.min, node.max),
          { url: UNIT, valueCoding: { display: textIn(node.unit.label, locale) || node.unit.symbol } },
        ],
      };
    case "scale":
      return { ...base, type: "integer", extension: bounds("Integer", 0, 10) };
    case "duration":
      // Stored in hours, whatever unit the patient typed.
      return {
        ...base,
        type: "decimal",
        extension: [
          { url: MAX_DECIMALS, valueInteger: 2 },
          { url: UNIT, valueCoding: { system: "http://unitsofmeasure.org", code: "h", display: "hours" } },
        ],
      };
    case "free_text":
      return { ...base, type: "text", maxLength: node.maxLength };
  }
}

/** Given a flow version, returns it as a FHIR R4 Questionnaire (status active: published versions only are exported). */
export function flowToQuestionnaire(flow: Flow, locale: Locale = flow.locales[0]!): Questionnaire {
  const items: QuestionnaireItem[] = [];
  for (const node of flow.nodes) {
    if (node.kind === "question") items.push(questionItem(flow, node, locale));
    else if (node.kind === "info") {
      const item: QuestionnaireItem = { linkId: node.id, text: textIn(node.text, locale), type: "display" };
      const translated = translations(node.text, locale);
      if (translated) item._text = translated;
      items.push(item);
    }
  }
  const questionnaire: Questionnaire = {
    resourceType: "Questionnaire",
    id: questionnaireId(flow.slug, flow.version),
    url: flowCanonical(flow.slug),
    version: String(flow.version),
    name: fhirName(flow.slug),
    title: textIn(flow.title, locale),
    status: "active",
    language: locale,
    subjectType: ["Patient"],
    item: items,
  };
  const title = translations(flow.title, locale);
  if (title) questionnaire._title = title;
  if (flow.description) questionnaire.description = textIn(flow.description, locale);
  return questionnaire;
}
