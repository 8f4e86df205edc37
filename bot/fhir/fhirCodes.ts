import { createHash } from "node:crypto";
import type { Extension } from "fhir/r4";
import type { Locale, LocalizedText } from "../../flows/index.js";

/*
 * Identifiers and code systems of Triage's FHIR export. Triage has no web address of its own to
 * mint canonical URLs under, so its systems are URNs (valid FHIR uris); a receiving system maps
 * them. Ids are derived from the session id, so exporting the same session twice gives the same
 * resource ids and the receiver can update instead of duplicating.
 */

export const SYSTEMS = {
  session: "urn:triage:session",
  urgency: "urn:triage:urgency",
  routing: "urn:triage:routing",
  disposition: "urn:triage:disposition",
  auditEvent: "urn:triage:audit-event",
  handoffExtension: "urn:triage:fhir:StructureDefinition:handoff",
} as const;

/** The canonical URL of a flow as a FHIR Questionnaire (versioned with `|<version>` where referenced). */
export function flowCanonical(slug: string): string {
  return `urn:triage:flow:${slug}`;
}

/** The code system of one question's options. */
export function optionSystem(slug: string, questionId: string): string {
  return `urn:triage:flow:${slug}:${questionId}`;
}

/** The code system of a flow's rules (red flags, branches, decisions): a reason's code. */
export function ruleSystem(slug: string): string {
  return `urn:triage:flow:${slug}:rule`;
}

/** Given parts, returns a stable RFC 4122-shaped UUID (SHA-256 based, version nibble 8: custom). */
export function stableUuid(...parts: string[]): string {
  const hex = createHash("sha256").update(parts.join("\u0000")).digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A text in `locale`, else in any language it has. */
export function textIn(text: LocalizedText | undefined, locale: Locale): string {
  if (!text) return "";
  return text[locale] ?? Object.values(text).find((t) => t !== undefined) ?? "";
}

const TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation";

/** The standard translation extensions of `text` for every language but `locale` (FHIR's way to carry fr and en together). */
export function translations(text: LocalizedText | undefined, locale: Locale): { extension: Extension[] } | undefined {
  if (!text) return undefined;
  const others = (Object.entries(text) as [Locale, string | undefined][]).filter(([lang, value]) => lang !== locale && value);
  if (others.length === 0) return undefined;
  return {
    extension: others.map(([lang, value]) => ({
      url: TRANSLATION,
      extension: [
        { url: "lang", valueCode: lang },
        { url: "content", valueString: value! },
      ],
    })),
  };
}
