/** The console's live protocol (/ws?console=1) and its JSON API bodies (console/ reads it as $wire/console). */
export * from "../channels/web/consoleProtocol.js";
