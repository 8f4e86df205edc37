/**
 * A text table in French and English. The type comes from the French table; the English one must
 * have exactly its keys with the same kinds of values, so a text missing (or left over) in one
 * language fails the typecheck (test/i18n/textTables.test.ts also walks the values).
 */
export function bilingual<T>(table: { fr: T; en: NoInfer<T> }): { fr: T; en: T } {
  return table;
}
