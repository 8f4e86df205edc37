// The public face of the flow language: schema, compiler, runner, evaluator, answer parsing.
export * from "./schema/flowSchema.js";
export * from "./urgency.js";
export * from "./logic/evaluateCondition.js";
export * from "./compile/flowContext.js";
export * from "./compile/compileFlow.js";
export * from "./run/stepFlow.js";
export * from "./run/runSession.js";
export * from "./run/questionsLeft.js";
export * from "./evaluate/evaluateResult.js";
export * from "./evaluate/describeAnswer.js";
export * from "./answers/parseAnswer.js";
export * from "./answers/groupOptions.js";
export * from "./answers/suggestOptions.js";
export * from "./validate/index.js";
