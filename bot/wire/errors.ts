/** Coded errors on either side of the runtime/app boundary ($wire/errors): recognised by shape, made from the one list. */
export { detailsOf, isCoded, type Coded } from "../codedError.js";
export { CodedError, httpStatusOf, type CodedErrorCode } from "../errors.js";
