/** Coded errors of the FHIR export (STYLE.md practice 4); `httpStatus` is what the console API answers. */
export const FHIR_ERROR_STATUS = {
  /** No session with that id. */
  FHIR_SESSION_NOT_FOUND: 404,
  /** The session has no outcome yet: only a finished triage is exported. */
  FHIR_SESSION_NOT_FINISHED: 409,
  /** The session's health data was erased (a patient's request): nothing is left to export. */
  FHIR_SESSION_ERASED: 410,
  /** A flow version the session ran is missing from the store. */
  FHIR_FLOW_MISSING: 500,
} as const;

export type FhirErrorCode = keyof typeof FHIR_ERROR_STATUS;

export class FhirExportError extends Error {
  override readonly name = "FhirExportError";
  constructor(
    readonly code: FhirErrorCode,
    message: string,
    readonly details: Record<string, string> = {},
  ) {
    super(message);
  }

  get httpStatus(): number {
    return FHIR_ERROR_STATUS[this.code];
  }
}
