/** A draft's changes against the published version, as the publish dialog shows them ($wire/flowDiff). */
export { isEmptyDiff, type FieldChange, type FlowDiff, type RedFlagAlert } from "../admin/diffFlows.js";
