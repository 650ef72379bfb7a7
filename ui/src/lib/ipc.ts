// The one module that talks to the Rust core. Every type here is generated from Rust
// (ui/src/bindings, by ts-rs); nothing is re-declared by hand.
import { convertFileSrc, invoke } from "@tauri-apps/api/core";
import type { Article } from "../bindings/Article";
import type { ArticleContent } from "../bindings/ArticleContent";
import type { ArticleFields } from "../bindings/ArticleFields";
import type { AwayChanges } from "../bindings/AwayChanges";
import type { PassageAnchor } from "../bindings/PassageAnchor";
import type { ArticleSummary } from "../bindings/ArticleSummary";
import type { CommandError } from "../bindings/CommandError";
import type { DeskStatus } from "../bindings/DeskStatus";
import type { SharedDeskStatus } from "../bindings/SharedDeskStatus";
import type { SentAgain } from "../bindings/SentAgain";
import type { DiffSegment } from "../bindings/DiffSegment";
import type { RevisionSummary } from "../bindings/RevisionSummary";
import type { SaveReceipt } from "../bindings/SaveReceipt";
import type { ExportedFile } from "../bindings/ExportedFile";
import type { TextFinding } from "../bindings/TextFinding";
import type { SearchHit } from "../bindings/SearchHit";
import type { TextStats } from "../bindings/TextStats";
import type { ArticleFiling } from "../bindings/ArticleFiling";
import type { ImportReport } from "../bindings/ImportReport";
import type { ListFilter } from "../bindings/ListFilter";
import type { Section } from "../bindings/Section";
import type { Tag } from "../bindings/Tag";
import type { PreflightItem } from "../bindings/PreflightItem";
import type { PreflightLimits } from "../bindings/PreflightLimits";
import type { ArticlePhoto } from "../bindings/ArticlePhoto";
import type { AttachOutcome } from "../bindings/AttachOutcome";
import type { AttachReceipt } from "../bindings/AttachReceipt";
import type { Photo } from "../bindings/Photo";
import type { PhotoCleanup } from "../bindings/PhotoCleanup";
import type { PhotoField } from "../bindings/PhotoField";
import type { PhotoPage } from "../bindings/PhotoPage";
import type { MetadataSource } from "../bindings/MetadataSource";
import type { ResolvedValue } from "../bindings/ResolvedValue";
import type { Comment } from "../bindings/Comment";
import type { DeskOverview } from "../bindings/DeskOverview";
import type { DeskPeople } from "../bindings/DeskPeople";
import type { Profile } from "../bindings/Profile";
import type { QueueItem } from "../bindings/QueueItem";
import type { Role } from "../bindings/Role";
import type { WorkflowAction } from "../bindings/WorkflowAction";
import type { WorkflowEvent } from "../bindings/WorkflowEvent";
import type { WorkflowState } from "../bindings/WorkflowState";
import type { OutboxChoice } from "../bindings/OutboxChoice";
import type { EditAfterApproval } from "../bindings/EditAfterApproval";
import type { OutboxEntry } from "../bindings/OutboxEntry";
import type { DeskPushEntry } from "../bindings/DeskPushEntry";
import type { PostOnSite } from "../bindings/PostOnSite";
import type { StoryAuthors } from "../bindings/StoryAuthors";
import type { OutboxState } from "../bindings/OutboxState";
import type { RemoteVersion } from "../bindings/RemoteVersion";
import type { RequestedStatus } from "../bindings/RequestedStatus";
import type { TargetView } from "../bindings/TargetView";
import type { ImportOutcome } from "../bindings/ImportOutcome";
import type { RelatedStory } from "../bindings/RelatedStory";
import type { WireSettings } from "../bindings/WireSettings";
import type { WireSource } from "../bindings/WireSource";
import type { WaitingPicture } from "../bindings/WaitingPicture";
import type { PictureArrival } from "../bindings/PictureArrival";
import type { Chosen } from "../bindings/Chosen";
import type { DroppedFiles } from "../bindings/DroppedFiles";
import type { FileChoice } from "../bindings/FileChoice";
import type { HouseStyleView } from "../bindings/HouseStyleView";
import type { ImportedStyle } from "../bindings/ImportedStyle";
import type { Rule } from "../bindings/Rule";
import type { RuleTrial } from "../bindings/RuleTrial";

export type {
  SharedDeskStatus,
  Article,
  ArticleContent,
  ArticleFields,
  AwayChanges,
  ArticleSummary,
  CommandError,
  DeskStatus,
  DiffSegment,
  RevisionSummary,
  SaveReceipt,
  SearchHit,
  TextStats,
  ArticleFiling,
  ImportReport,
  ListFilter,
  Section,
  Tag,
  PreflightItem,
  PreflightLimits,
  ArticlePhoto,
  AttachOutcome,
  AttachReceipt,
  Photo,
  PhotoCleanup,
  PhotoField,
  PhotoPage,
  MetadataSource,
  ResolvedValue,
  Comment,
  DeskOverview,
  DeskPeople,
  Profile,
  QueueItem,
  Role,
  WorkflowAction,
  WorkflowEvent,
  WorkflowState,
  OutboxChoice,
  EditAfterApproval,
  OutboxEntry,
  DeskPushEntry,
  PostOnSite,
  StoryAuthors,
  OutboxState,
  RemoteVersion,
  RequestedStatus,
  TargetView,
  ImportOutcome,
  RelatedStory,
  WireSettings,
  WireSource,
  WaitingPicture,
  PictureArrival,
  Chosen,
  DroppedFiles,
  FileChoice,
};

/** True when `value` is an error as the Rust commands send it. */
export function isCommandError(value: unknown): value is CommandError {
  return (
    typeof value === "object" &&
    value !== null &&
    "code" in value &&
    "message" in value &&
    typeof (value as { message: unknown }).message === "string"
  );
}

/** A sentence for the journalist, whatever was thrown. */
export function errorMessage(value: unknown): string {
  if (isCommandError(value)) return value.message;
  if (value instanceof Error) return value.message;
  return String(value);
}

const utf8 = new TextDecoder();

/** A raw request body: `head` as JSON after its length (4 bytes, little-endian), then `bytes`
 * (src-tauri/src/commands/preview.rs reads it). */
function jsonThenBytes(head: unknown, bytes: Uint8Array | null): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(head));
  const out = new Uint8Array(4 + json.length + (bytes?.length ?? 0));
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 4);
  if (bytes) out.set(bytes, 4 + json.length);
  return out;
}

export const desk = {
  status: () => invoke<DeskStatus>("desk_status"),
  sharedDeskStatus: () => invoke<SharedDeskStatus>("shared_desk_status"),
  joinSharedDesk: (address: string, name: string, password: string) =>
    invoke<string>("join_shared_desk", { address, name, password }),
  leaveSharedDesk: (discardWaiting: boolean) => invoke<void>("leave_shared_desk", { discardWaiting }),
  syncSharedDesk: () => invoke<void>("sync_shared_desk"),
  /** What the desk refused goes again in a round now; refused moves leave the list. */
  sendRefusedAgain: () => invoke<SentAgain>("send_refused_again"),
  sharedDeskStoryOpen: (storyId: string | null) => invoke<void>("shared_desk_story_open", { storyId }),
  sharedDeskCursor: (storyId: string, cursor: number[] | null) => invoke<void>("shared_desk_cursor", { storyId, cursor }),
  quit: () => invoke<void>("quit_app"),
  openLink: (url: string) => invoke<void>("open_link", { url }),

  listArticles: (filter: ListFilter, limit: number) => invoke<ArticleSummary[]>("list_articles", { filter, limit }),
  listTrash: () => invoke<ArticleSummary[]>("list_trash"),
  getArticle: (id: string) => invoke<Article>("get_article", { id }),
  createArticle: () => invoke<Article>("create_article"),
  saveArticle: (id: string, baseVersion: number, content: ArticleContent, checkpoint: boolean) =>
    invoke<SaveReceipt>("save_article", { id, baseVersion, content, checkpoint }),
  /** The story's body as one yjs update: what the editor opens. */
  bodyDocument: async (id: string) => new Uint8Array(await invoke<ArrayBuffer>("body_document", { id })),
  /** Stores a batch of typing: one yjs update, sent as raw bytes; a revision of its own when
   * `checkpoint` (Ctrl/Cmd+S). */
  pushBody: (id: string, change: Uint8Array, checkpoint: boolean) =>
    invoke<SaveReceipt>("push_body", change, { headers: { "article-id": id, checkpoint: checkpoint ? "1" : "0" } }),
  /** The fields besides the body, merged three ways with what is stored. */
  saveFields: (id: string, base: ArticleFields, fields: ArticleFields, checkpoint: boolean) =>
    invoke<SaveReceipt>("save_fields", { id, base, fields, checkpoint }),
  /** The story's version (4 bytes, little-endian) and every edit a copy at `stateVector` lacks. */
  bodySince: async (id: string, stateVector: Uint8Array) => {
    const answer = new Uint8Array(await invoke<ArrayBuffer>("body_since", stateVector, { headers: { "article-id": id } }));
    const version = new DataView(answer.buffer, answer.byteOffset, 4).getUint32(0, true);
    return { version, missing: answer.subarray(4) };
  },
  /** What others changed in the body since the person at the desk last saw it. */
  changedWhileAway: (id: string) => invoke<AwayChanges | null>("changed_while_away", { id }),
  /** The person at the desk has seen the body as it is now. */
  markBodySeen: (id: string) => invoke<void>("mark_body_seen", { id }),
  /** The fields besides the body, as stored now. */
  storedFields: async (id: string): Promise<ArticleFields> => {
    const { headline, standfirst, byline, editorsNote, language } = await invoke<Article>("get_article", { id });
    return { headline, standfirst, byline, editorsNote, language };
  },
  duplicateArticle: (id: string) => invoke<Article>("duplicate_article", { id }),
  trashArticle: (id: string) => invoke<void>("trash_article", { id }),
  restoreFromTrash: (id: string) => invoke<void>("restore_from_trash", { id }),
  emptyTrash: () => invoke<number>("empty_trash"),
  search: (query: string) => invoke<SearchHit[]>("search_articles", { query }),

  listRevisions: (articleId: string) => invoke<RevisionSummary[]>("list_revisions", { articleId }),
  revisionDiff: (revisionId: string) => invoke<DiffSegment[]>("revision_diff", { revisionId }),
  restoreRevision: (revisionId: string, baseVersion: number) =>
    invoke<SaveReceipt>("restore_revision", { revisionId, baseVersion }),

  listSections: (includeRetired: boolean) => invoke<Section[]>("list_sections", { includeRetired }),
  createSection: (name: string, parentId: string | null, mediaTopic: string) =>
    invoke<Section>("create_section", { name, parentId, mediaTopic }),
  renameSection: (id: string, name: string) => invoke<Section>("rename_section", { id, name }),
  moveSection: (id: string, position: number) => invoke<void>("move_section", { id, position }),
  setSectionRetired: (id: string, retired: boolean) => invoke<void>("set_section_retired", { id, retired }),
  deleteSection: (id: string) => invoke<void>("delete_section", { id }),
  suggestTags: (typed: string) => invoke<Tag[]>("suggest_tags", { typed }),
  listTags: () => invoke<Tag[]>("list_tags"),
  renameTag: (id: string, name: string) => invoke<Tag>("rename_tag", { id, name }),
  mergeTags: (from: string, into: string) => invoke<Tag>("merge_tags", { from, into }),
  getFiling: (articleId: string) => invoke<ArticleFiling>("get_filing", { articleId }),
  setArticleSections: (articleId: string, primary: string | null, secondary: string[]) =>
    invoke<ArticleFiling>("set_article_sections", { articleId, primary, secondary }),
  addArticleTag: (articleId: string, name: string) => invoke<ArticleFiling>("add_article_tag", { articleId, name }),
  removeArticleTag: (articleId: string, tagId: string) =>
    invoke<ArticleFiling>("remove_article_tag", { articleId, tagId }),
  getMaxTags: () => invoke<number>("get_max_tags"),
  setMaxTags: (max: number) => invoke<void>("set_max_tags", { max }),
  setSectionMediaTopic: (id: string, code: string) => invoke<Section>("set_section_media_topic", { id, code }),
  setTagMediaTopic: (id: string, code: string) => invoke<Tag>("set_tag_media_topic", { id, code }),
  /** The page for the preview: the editor's fields with the body as stored and the typing not
   * stored yet (`unstored`, a yjs update; never the text). */
  /** The page comes as its UTF-8 bytes (no JSON string to escape and parse). */
  previewPage: async (articleId: string, fields: ArticleFields, unstored: Uint8Array | null, typographicQuotes: boolean) =>
    utf8.decode(await invoke<ArrayBuffer>("preview_page", jsonThenBytes({ articleId, fields, typographicQuotes }, unstored))),
  /** Pre-flight on the same. */
  preflightCheck: (articleId: string, fields: ArticleFields, unstored: Uint8Array | null) =>
    invoke<PreflightItem[]>("preflight_check", jsonThenBytes({ articleId, fields }, unstored)),
  getPreflightLimits: () => invoke<PreflightLimits>("get_preflight_limits"),
  setPreflightLimits: (limits: PreflightLimits) => invoke<void>("set_preflight_limits", { limits }),
  openPreviewWindow: () => invoke<void>("open_preview_window"),
  exportVocabularies: (ticket: string) => invoke<void>("export_vocabularies", { ticket }),
  importVocabularies: (ticket: string) => invoke<ImportReport>("import_vocabularies", { ticket }),

  /** Attaches the photo files chosen in the dialog or dropped on the window (`ticket`). */
  attachPhotoFiles: (articleId: string, ticket: string) =>
    invoke<AttachOutcome[]>("attach_photo_files", { articleId, ticket }),
  /** A pasted photo travels as raw bytes; the article and file name ride in headers. */
  attachPhotoBytes: (articleId: string, fileName: string, bytes: Uint8Array) =>
    invoke<AttachReceipt>("attach_photo_bytes", bytes, {
      headers: { "article-id": articleId, "file-name": encodeURIComponent(fileName) },
    }),
  /** Attaches the files copied in a file manager, else the image, from the system clipboard. */
  attachClipboardPhoto: (articleId: string) => invoke<AttachOutcome[]>("attach_clipboard_photo", { articleId }),
  articlePhotos: (articleId: string) => invoke<ArticlePhoto[]>("article_photos", { articleId }),
  setPhotoField: (photoId: string, field: PhotoField, value: string | null) =>
    invoke<Photo>("set_photo_field", { photoId, field, value }),
  setLeadPhoto: (articleId: string, photoId: string | null) =>
    invoke<ArticlePhoto[]>("set_lead_photo", { articleId, photoId }),
  detachPhoto: (articleId: string, photoId: string) => invoke<ArticlePhoto[]>("detach_photo", { articleId, photoId }),
  photoLibrary: (query: string, offset: number, limit: number) =>
    invoke<PhotoPage>("photo_library", { query, offset, limit }),
  attachLibraryPhoto: (articleId: string, photoId: string) =>
    invoke<ArticlePhoto>("attach_library_photo", { articleId, photoId }),
  cleanUpUnusedPhotos: () => invoke<PhotoCleanup>("clean_up_unused_photos"),

  deskPeople: () => invoke<DeskPeople>("desk_people"),
  switchProfile: (name: string, passphrase: string | null) => invoke<Profile>("switch_profile", { name, passphrase }),
  addProfile: (name: string, byline: string, role: Role, passphrase: string | null) =>
    invoke<Profile>("add_profile", { name, byline, role, passphrase }),
  /** Moves a story as the profile at the desk; `seenVersion` is the version the editor holds. */
  moveStory: (articleId: string, action: WorkflowAction, seenVersion: number, note: string) =>
    invoke<WorkflowEvent>("move_story", { articleId, action, seenVersion, note }),
  workflowEvents: (articleId: string) => invoke<WorkflowEvent[]>("workflow_events", { articleId }),
  /** What changed since the story was approved, in words (none of it goes out until approved again). */
  changedSinceApproval: (articleId: string) => invoke<string[]>("changed_since_approval", { articleId }),
  reviewQueue: () => invoke<QueueItem[]>("review_queue"),
  /** The spelling and house-style findings in a story's text (body, headline or standfirst),
   * in its language, but for the places marked as correct. */
  checkText: (articleId: string, language: string, text: string) => invoke<TextFinding[]>("check_text", { articleId, language, text }),
  /** Keeps a flagged place of `text` (UTF-16 offsets) as written, remembered with the story. */
  markCorrect: (articleId: string, flaggedBy: string, text: string, from: number, to: number) =>
    invoke<void>("mark_correct", { articleId, flaggedBy, text, from, to }),
  /** The house style page: the rules, the record of changes, the newsroom's dictionary. */
  houseStyle: () => invoke<HouseStyleView>("house_style"),
  /** Saves a rule, new or in place of the rule `replacing`, with the editor's reason. */
  saveStyleRule: (rule: Rule, replacing: string | null, why: string) => invoke<void>("save_style_rule", { rule, replacing, why }),
  removeStyleRule: (id: string, why: string) => invoke<void>("remove_style_rule", { id, why }),
  /** What a rule would flag across the desk's stories, before it is saved. */
  tryStyleRule: (rule: Rule) => invoke<RuleTrial>("try_style_rule", { rule }),
  importHouseStyle: (ticket: string, why: string) => invoke<ImportedStyle>("import_house_style", { ticket, why }),
  exportHouseStyle: (ticket: string) => invoke<void>("export_house_style", { ticket }),
  /** The dictionary's words for a misspelling, the likeliest first. */
  suggestSpelling: (language: string, word: string) => invoke<string[]>("suggest_spelling", { language, word }),
  /** Adds a word to the newsroom's dictionary: right in every story from now on. */
  addNewsroomWord: (word: string) => invoke<void>("add_newsroom_word", { word }),
  /** The ids of the stories whose next step is the person at the desk's. */
  storiesWaitingOnMe: () => invoke<string[]>("stories_waiting_on_me"),
  deskOverview: () => invoke<DeskOverview>("desk_overview"),
  setEmbargo: (id: string, until: string | null) => invoke<void>("set_embargo", { id, until }),
  listComments: (articleId: string) => invoke<Comment[]>("list_comments", { articleId }),
  addComment: (articleId: string, parentId: string | null, body: string, passage: string, anchor: PassageAnchor | null) =>
    invoke<Comment>("add_comment", { articleId, parentId, body, passage, anchor }),
  setCommentResolved: (commentId: string, resolved: boolean) =>
    invoke<void>("set_comment_resolved", { commentId, resolved }),

  editPolicy: () => invoke<EditAfterApproval>("get_edit_policy"),
  setEditPolicy: (policy: EditAfterApproval) => invoke<void>("set_edit_policy", { policy }),

  listTargets: () => invoke<TargetView[]>("list_targets"),
  giveTargetLogin: (targetId: string, username: string, password: string) =>
    invoke<TargetView>("give_target_login", { targetId, username, password }),
  addTarget: (name: string, url: string, username: string, password: string) =>
    invoke<TargetView>("add_target", { name, url, username, password }),
  addFolderTarget: (name: string, ticket: string, format: ExportFormat) =>
    invoke<TargetView>("add_folder_target", { name, ticket, format }),
  removeTarget: (targetId: string) => invoke<void>("remove_target", { targetId }),
  testTarget: (targetId: string) => invoke<string>("test_target", { targetId }),
  /** Writes the approved revision as "ninjs", "newsml" or "html" to the file chosen in that
   * format's save dialog (`ticket`). */
  exportStoryFile: (articleId: string, format: ExportFormat, ticket: string) =>
    invoke<ExportedFile>("export_story_file", { articleId, format, ticket }),
  /** Shows an exported file (by the id its export gave) in the system's file manager. */
  showExportedFile: (shown: string) => invoke<void>("show_exported_file", { shown }),
  /** Queues the approved revision for a target; the outbox worker sends it. */
  pushStory: (articleId: string, targetId: string, status: RequestedStatus) =>
    invoke<OutboxEntry>("push_story", { articleId, targetId, status }),
  importWireFiles: (ticket: string) => invoke<ImportOutcome[]>("import_wire_files", { ticket }),
  wireSource: (articleId: string) => invoke<WireSource | null>("wire_source", { articleId }),
  /** The story's wire pictures that could not be fetched yet. */
  waitingPictures: (articleId: string) => invoke<WaitingPicture[]>("waiting_pictures", { articleId }),
  /** Tries the story's waiting pictures now; each arrival is also sent as PICTURE_EVENT. */
  fetchWaitingPictures: (articleId: string) => invoke<PictureArrival[]>("fetch_waiting_pictures", { articleId }),
  wireSettings: () => invoke<WireSettings>("get_wire_settings"),
  setNewsroomName: (name: string) => invoke<void>("set_newsroom_name", { name }),
  /** Watches the folder chosen in the folder dialog (`ticket`), or none. */
  setWatchedFolder: (ticket: string | null) => invoke<void>("set_watched_folder", { ticket }),
  /** Opens the system's dialog for `choice` (in the app, not the page); null when cancelled. The
   * ticket stands for the chosen files in the one command that uses it. */
  chooseFiles: (choice: FileChoice, suggestedName?: string) =>
    invoke<Chosen | null>("choose_files", { choice, suggestedName: suggestedName ?? null }),
  related: (articleId: string) => invoke<RelatedStory[]>("get_related", { articleId }),
  setRelated: (articleId: string, related: string[]) => invoke<RelatedStory[]>("set_related", { articleId, related }),
  listOutbox: () => invoke<OutboxEntry[]>("list_outbox"),
  listDeskPushes: () => invoke<DeskPushEntry[]>("list_desk_pushes"),
  storyPosts: (articleId: string) => invoke<PostOnSite[]>("story_posts", { articleId }),
  /** The story's authors on the shared desk (none off the desk), and the colleagues to add. */
  storyAuthors: (articleId: string) => invoke<StoryAuthors>("story_authors", { articleId }),
  /** Adds a colleague as an author (`author` true: the draft becomes theirs to see and write)
   * or takes one off (false). */
  setStoryAuthor: (articleId: string, person: string, author: boolean) =>
    invoke<StoryAuthors>("set_story_author", { articleId, person, author }),
  settleExport: (entryId: string, choice: OutboxChoice) => invoke<OutboxEntry>("settle_export", { entryId, choice }),
};

/** The file formats a story exports to. */
export type ExportFormat = "ninjs" | "newsml" | "html";

/** The event the app sends when files are dropped on the window (payload: DroppedFiles). */
export const DROP_EVENT = "files-dropped";

/** The event the watched wire folder sends for each file imported or refused. */
export const WIRE_EVENT = "wire-imported";

/** The event sent each time a waiting wire picture was tried (payload: a PictureArrival). */
export const PICTURE_EVENT = "wire-picture";

/** The event the outbox worker sends as an export moves (payload: the entry). */
export const OUTBOX_EVENT = "outbox-changed";

/** The event the shared desk's sync sends after a round that brought something. */
export const DESK_SYNCED_EVENT = "desk-synced";
/** What the lists and panels show changed: here, in another window, on the command line or
 * from the shared desk (src-tauri/src/lists_watch.rs). */
export const LISTS_CHANGED_EVENT = "lists-changed";

/** "Sports › Soccer" for a sub-section, "World" for a section. */
export function sectionPath(section: Section, all: Section[]): string {
  const parent = section.parentId ? all.find((s) => s.id === section.parentId) : undefined;
  return parent ? `${parent.name} › ${section.name}` : section.name;
}

/** Where the window loads a photo's thumbnail or display picture (the app's photo: protocol). */
export function photoUrl(id: string, picture: "thumb" | "display"): string {
  return convertFileSrc(`${id}/${picture}`, "photo");
}
