// How the desk counts comments: by thread, since resolving a thread resolves its replies.
import type { Comment } from "../bindings/Comment";

/** Threads (first comments) not yet resolved. */
export function openThreads(comments: Pick<Comment, "parentId" | "resolvedAt">[]): number {
  return comments.filter((comment) => comment.parentId === null && comment.resolvedAt === null).length;
}
