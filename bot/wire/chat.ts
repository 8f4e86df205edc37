/** The patient protocol on /ws, for the chat page and the widget (console/ reads it as $wire/chat). */
export * from "../channels/web/protocol.js";
