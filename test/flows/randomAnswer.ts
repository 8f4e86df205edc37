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
