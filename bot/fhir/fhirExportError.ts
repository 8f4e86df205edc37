import { refusalClass, type FhirErrorCode } from "../errors.js";

/** A refused FHIR export (`httpStatus` is what the console API answers); its codes are FHIR_ERROR_CODES of bot/errors.ts. */
export const FhirExportError = refusalClass<FhirErrorCode>("FhirExportError");
export type FhirExportError = InstanceType<typeof FhirExportError>;
