import type { Question } from "../../../../flows/schema/flowSchema";
import type { AuthoringTexts } from "../authoringTexts";
import type { NodeChoice } from "../nodeChoices";
import type { NodeFormTexts } from "../nodeFormTexts";

/** What a question's fields and its answer rows both take: the question and the node each answer leads to, bound, and the texts. */
export interface QuestionFormProps<EditorTexts> {
  question: Question;
  /** Parallel to the answers (yes, no for yes/no; the options for a choice). */
  targets: string[];
  texts: NodeFormTexts;
  editor: EditorTexts;
  /** Keeps test ids apart when the page shows the edit and the new-node forms together. */
  testPrefix?: string;
  choices: NodeChoice[];
  picker: AuthoringTexts["picker"];
}
