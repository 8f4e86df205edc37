/**
 * Messages waiting for the server's acknowledgement, in the order they were sent. Each keeps its
 * id: sent again after a reconnect, the server recognises it and applies it once.
 */
export class Outbox<M extends { id: string }> {
  private items: M[] = [];

  constructor(private readonly changed: (pending: readonly M[]) => void = () => {}) {}

  get pending(): readonly M[] {
    return this.items;
  }

  has(id: string): boolean {
    return this.items.some((m) => m.id === id);
  }

  find(id: string): M | undefined {
    return this.items.find((m) => m.id === id);
  }

  add(message: M): void {
    this.set([...this.items, message]);
  }

  /** Keeps only the messages `keep` accepts (an acknowledgement removes one; a reset removes all). */
  retain(keep: (message: M) => boolean): void {
    const kept = this.items.filter(keep);
    if (kept.length !== this.items.length) this.set(kept);
  }

  private set(items: M[]): void {
    this.items = items;
    this.changed(items);
  }
}
