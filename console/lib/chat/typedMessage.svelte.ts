/**
 * What a patient types in a small send-a-message form (to the clinician, or an answer in their own
 * words): the field's text, and a submit handler that sends it trimmed, never empty, then clears it.
 */
export class TypedMessage {
  text = $state("");

  constructor(private readonly send: (text: string) => void) {}

  readonly submit = (event: SubmitEvent): void => {
    event.preventDefault();
    const text = this.text.trim();
    if (text === "") return;
    this.send(text);
    this.text = "";
  };
}
