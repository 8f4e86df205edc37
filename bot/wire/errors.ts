/** Coded errors on either side of the runtime/app boundary ($wire/errors): recognised by shape, made from the one list, told through the one table. */
export { detailsOf, isCoded, type Coded } from "../codedError.js";
export { CodedError, httpStatusOf, type CodedErrorCode } from "../errors.js";
export { errorAnswer, httpErrorAnswer, type ErrorAnswer } from "../errorTexts.js";
