import type { AnswerValue, Question } from "../../flows/index.js";

const FREE_TEXTS = ["mal depuis hier", "I feel tired", "", "j'ai envie de me suicider", "cannot breathe", "rien de spécial"];

/** Maps a random integer to a valid typed answer for the question (used by the property tests). */
export function randomAnswer(question: Question, n: number): AnswerValue {
  const k = Math.abs(n);
  switch (question.type) {
    case "yes_no":
      return k % 2 === 0;
    case "single_choice":
      return question.options[k % question.options.length]!.value;
    case "multiple_choice": {
      const chosen = question.options.filter((o, i) => o.value !== question.noneOption && ((k >> i) & 1) === 1).map((o) => o.value);
      if (chosen.length > 0) return chosen;
      return [question.noneOption ?? question.options[0]!.value];
    }
    case "number": {
      const span = question.max - question.min;
      if (question.integer) return question.min + (k % (Math.floor(span) + 1));
      return Math.min(question.max, Math.round((question.min + ((k % 1001) / 1000) * span) * 10) / 10);
    }
    case "scale":
      return k % 11;
    case "duration":
      return [0.5, 2, 12, 24, 48, 24 * 4, 24 * 6, 24 * 10, 24 * 30][k % 9]!;
    case "free_text":
      return FREE_TEXTS[k % FREE_TEXTS.length]!.slice(0, question.maxLength) || "ok";
  }
}

/** What a harmless answer reads of a question: a flow's own question or the chat's view of it. */
export interface AnswerableQuestion {
  type: Question["type"];
  options?: readonly { value: string }[];
  noneOption?: string;
  min?: number;
  max?: number;
  integer?: boolean;
}

/** A valid, harmless answer (none of the signs, no, the last option, the middle of a range), so sessions go on as long as the flow allows. */
export function harmlessAnswer(question: AnswerableQuestion): AnswerValue {
  const options = question.options ?? [];
  switch (question.type) {
    case "yes_no":
      return false;
    case "single_choice":
      return options.at(-1)!.value;
    case "multiple_choice":
      return [question.noneOption ?? options[0]!.value];
    case "number": {
      const middle = ((question.min ?? 0) + (question.max ?? 0)) / 2;
      return question.integer ? Math.round(middle) : middle;
    }
    case "scale":
      return 2;
    case "duration":
      return "2 days";
    case "free_text":
      return "mal depuis hier";
  }
}
