// How the desk counts comments: by thread, since resolving a thread resolves its replies.
import type { Comment } from "../bindings/Comment";

/** Whether `comment` starts a thread that is not yet resolved. */
const opensThread = (comment: Pick<Comment, "parentId" | "resolvedAt">) => comment.parentId === null && comment.resolvedAt === null;

/** Threads (first comments) not yet resolved. */
export function openThreads(comments: Pick<Comment, "parentId" | "resolvedAt">[]): number {
  return comments.filter(opensThread).length;
}

/** The first comment of each thread not yet resolved, oldest first: what is still to answer. */
export function openThreadStarts<T extends Pick<Comment, "parentId" | "resolvedAt" | "createdAt">>(comments: T[]): T[] {
  return comments.filter(opensThread).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
