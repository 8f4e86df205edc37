import { CodedError, FHIR_ERROR_CODES } from "../errors.js";

/** The FHIR export's codes, from the one list of bot/errors.ts. */
export const FHIR_ERROR_STATUS = FHIR_ERROR_CODES;

export type FhirErrorCode = keyof typeof FHIR_ERROR_STATUS;

/** A refused FHIR export (`httpStatus` is what the console API answers). */
export class FhirExportError extends CodedError<FhirErrorCode> {
  declare readonly details: Record<string, string>;

  constructor(code: FhirErrorCode, message: string, details: Record<string, string> = {}) {
    super(code, message, details);
    this.name = "FhirExportError";
  }
}
