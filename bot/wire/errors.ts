/** Recognising a coded error by its shape, on either side of the runtime/app boundary ($wire/errors). */
export { detailsOf, isCoded, type Coded } from "../codedError.js";
