import { describe, expect, it } from "vitest";
import { htmlLang, languageName } from "../../console/lib/chat/languageTag.js";

// The language a translation names is the model's word: only a real tag reaches a `lang` attribute.
describe("the language of a translated message", () => {
  it("tags Darija as Moroccan Arabic (ary) and names it in the reader's language", () => {
    expect(htmlLang("darija")).toBe("ary");
    expect(htmlLang("Darija")).toBe("ary");
    expect(languageName("darija", "fr")).toBe("darija marocaine");
    expect(languageName("darija", "en")).toBe("Moroccan Darija");
    expect(languageName("ary", "fr")).toBe("darija marocaine");
  });

  it("keeps a well-formed tag in its canonical form and names it", () => {
    expect(htmlLang("AR")).toBe("ar");
    expect(htmlLang("en-gb")).toBe("en-GB");
    expect(languageName("en", "fr")).toBe("anglais");
    expect(languageName("ar", "en")).toBe("Arabic");
  });

  it("gives no lang attribute for a word that is no language tag, and shows the word itself", () => {
    expect(htmlLang("moroccan arabic")).toBeUndefined();
    expect(htmlLang("")).toBeUndefined();
    expect(htmlLang(undefined)).toBeUndefined();
    expect(languageName("moroccan arabic", "en")).toBe("moroccan arabic");
    expect(languageName(undefined, "fr")).toBe("?");
  });
});
