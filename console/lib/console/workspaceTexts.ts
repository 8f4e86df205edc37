import type { ConsoleLocale } from "./i18n";

/** The three-pane workspace's own texts (issue 24, items 7 and 9), in both console languages. */
export const WORKSPACE_TEXTS = {
  en: {
    queuePane: "Cases",
    casePane: "Case",
    conversationPane: "Conversation",
    choose: "Choose a case in the queue to read its conversation.",
    unread: "New message",
    since: (time: string) => `${time} ago`,
    noMessage: "No message yet",
    col: { found: "Case", action: "Action" },
    actions: "Actions",
    reasons: "Reasons",
    openCase: (flow: string) => `Open the case ${flow}`,
  },
  fr: {
    queuePane: "Dossiers",
    casePane: "Dossier",
    conversationPane: "Conversation",
    choose: "Choisissez un dossier dans la file pour lire sa conversation.",
    unread: "Nouveau message",
    since: (time: string) => `il y a ${time}`,
    noMessage: "Aucun message pour l'instant",
    col: { found: "Dossier", action: "Action" },
    actions: "Actions",
    reasons: "Motifs",
    openCase: (flow: string) => `Ouvrir le dossier ${flow}`,
  },
} satisfies Record<ConsoleLocale, unknown>;

export type WorkspaceTexts = (typeof WORKSPACE_TEXTS)["en"];
