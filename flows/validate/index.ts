// The validator's public face: one flow (validateFlow), a set of flows (validateLibrary), the problem codes.
export * from "./validateFlow.js";
export * from "./validateLibrary.js";
export { ALLOWED_OPERATORS } from "./checkConditions.js";
export { checkRedFlagScreens, redFlagScreensSchema, type RedFlagScreens } from "./checkRedFlagScreens.js";
