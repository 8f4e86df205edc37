// nlp.js ships no type declarations; these are the parts flows/logic/textMatch.ts uses.
declare module "@nlpjs/lang-fr" {
  export class StemmerFr {
    stemWord(word: string): string;
  }
}
declare module "@nlpjs/lang-en-min" {
  export class StemmerEn {
    stemWord(word: string): string;
  }
}
