// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    interface Locals {
      /** The page language guessed from ?lang= or Accept-Language (fr or en). */
      lang: "fr" | "en";
    }
  }
}

export {};
