import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Locale } from "../../flows/index.js";
import { AdminError } from "./adminError.js";
import type { AppendInTransaction } from "./deactivateUser.js";
import type { TriageDb, TriageTx } from "../store/auditLog.js";

/** Sizes a canned reply must keep: a title fits a picker's line, a text fits one chat message. */
export const REPLY_LIMITS = { title: 80, text: 2000, count: 200 } as const;

/** A canned reply as administrators write it and clinicians pick it: a title and a text in each console language. */
export interface CannedReply {
  id: string;
  title: Record<Locale, string>;
  text: Record<Locale, string>;
  updatedAt: string;
  updatedBy: string;
}

const inBoth = (max: number) => z.object({ fr: z.string().trim().min(1).max(max), en: z.string().trim().min(1).max(max) });
/** What the admin page sends to add or change a reply. */
export const cannedReplyInputSchema = z.object({ title: inBoth(REPLY_LIMITS.title), text: inBoth(REPLY_LIMITS.text) });
export type CannedReplyInput = z.infer<typeof cannedReplyInputSchema>;

/** Who writes: the administrator, named by email in the admin audit stream. */
export interface ReplyEditor {
  id: string;
  email: string;
}

export interface CannedReplyStore {
  readonly prisma: TriageDb;
  writeTransaction<T>(fn: (tx: TriageTx) => Promise<T>): Promise<T>;
}

type Row = { id: string; titleFr: string; titleEn: string; textFr: string; textEn: string; updatedAt: Date; updatedBy: string };
const toReply = (row: Row): CannedReply => ({
  id: row.id,
  title: { fr: row.titleFr, en: row.titleEn },
  text: { fr: row.textFr, en: row.textEn },
  updatedAt: row.updatedAt.toISOString(),
  updatedBy: row.updatedBy,
});

/** Given a body, returns the reply it describes, or throws ADMIN_INVALID_REPLY naming the first field refused (e.g. "title.fr"). */
export function parseReplyInput(body: unknown): CannedReplyInput {
  const parsed = cannedReplyInputSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join(".") || "body";
  const reason = issue?.code === "too_big" ? "too_long" : issue?.code === "too_small" ? "empty" : "invalid";
  const max = field.startsWith("title") ? REPLY_LIMITS.title : REPLY_LIMITS.text;
  throw new AdminError("ADMIN_INVALID_REPLY", `the reply's ${field} is refused (${reason})`, { field, reason, max });
}

/**
 * The canned replies (issue 24): administrators add, change and delete them, each change with an
 * admin-stream audit event (ids and titles; the texts are the service's, not a patient's) in the
 * same transaction; clinicians read them all, in title order, for the reply box's picker.
 */
export class CannedReplies {
  constructor(
    private readonly store: CannedReplyStore,
    private readonly append: AppendInTransaction,
    private readonly now: () => Date,
  ) {}

  async list(): Promise<CannedReply[]> {
    const rows = await this.store.prisma.cannedReply.findMany({ orderBy: [{ titleFr: "asc" }, { id: "asc" }], take: REPLY_LIMITS.count });
    return rows.map(toReply);
  }

  async add(body: unknown, editor: ReplyEditor): Promise<CannedReply> {
    const input = parseReplyInput(body);
    const at = this.now();
    return this.store.writeTransaction(async (tx) => {
      if ((await tx.cannedReply.count()) >= REPLY_LIMITS.count)
        throw new AdminError("ADMIN_INVALID_REPLY", "too many canned replies", { field: "count", reason: "too_many", max: REPLY_LIMITS.count });
      const row = await tx.cannedReply.create({ data: { id: randomUUID(), ...columns(input), createdAt: at, updatedAt: at, updatedBy: editor.email } });
      await this.append(
        tx,
        "admin",
        [{ type: "reply.added", payload: { actor: editor.email, details: { replyId: row.id, title: input.title.en } } }],
        at.toISOString(),
      );
      return toReply(row);
    });
  }

  async change(id: string, body: unknown, editor: ReplyEditor): Promise<CannedReply> {
    const input = parseReplyInput(body);
    const at = this.now();
    return this.store.writeTransaction(async (tx) => {
      const updated = await tx.cannedReply.updateMany({ where: { id }, data: { ...columns(input), updatedAt: at, updatedBy: editor.email } });
      if (updated.count === 0) throw new AdminError("ADMIN_UNKNOWN_REPLY", "no canned reply with this id", { replyId: id });
      await this.append(
        tx,
        "admin",
        [{ type: "reply.changed", payload: { actor: editor.email, details: { replyId: id, title: input.title.en } } }],
        at.toISOString(),
      );
      return toReply((await tx.cannedReply.findUniqueOrThrow({ where: { id } })) as Row);
    });
  }

  async remove(id: string, editor: ReplyEditor): Promise<void> {
    const at = this.now();
    await this.store.writeTransaction(async (tx) => {
      const found = await tx.cannedReply.findUnique({ where: { id } });
      if (!found) throw new AdminError("ADMIN_UNKNOWN_REPLY", "no canned reply with this id", { replyId: id });
      await tx.cannedReply.delete({ where: { id } });
      await this.append(
        tx,
        "admin",
        [{ type: "reply.deleted", payload: { actor: editor.email, details: { replyId: id, title: found.titleEn } } }],
        at.toISOString(),
      );
    });
  }
}

const columns = (input: CannedReplyInput) => ({ titleFr: input.title.fr, titleEn: input.title.en, textFr: input.text.fr, textEn: input.text.en });
