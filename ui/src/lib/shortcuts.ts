// The keyboard shortcuts a journalist uses daily, as the help sheet (Ctrl+/) lists them. The
// bindings live where they act (App.svelte for the desk, body-editor.ts for the text, each
// field and menu for its own keys); this is their one description for people.

export interface Shortcut {
  /** The keys, as printed ("Ctrl+N"). */
  keys: string;
  /** What they do. */
  does: string;
}

export const SHORTCUT_GROUPS: { title: string; shortcuts: Shortcut[] }[] = [
  {
    title: "The desk",
    shortcuts: [
      { keys: "Ctrl+N", does: "New story" },
      { keys: "Ctrl+S", does: "Save now (the desk also saves as you pause)" },
      { keys: "Ctrl+Shift+F", does: "Search the stories" },
      { keys: "Ctrl+Shift+Enter", does: "Submit the story (or resubmit it)" },
      { keys: "Ctrl+Shift+D", does: "The story's details beside the text" },
      { keys: "Ctrl+Shift+P", does: "The preview beside the text" },
      { keys: "Ctrl+Shift+M", does: "The comments beside the text" },
      { keys: "Ctrl+Shift+H", does: "The history beside the text" },
      { keys: "Ctrl+/", does: "This list of shortcuts" },
      { keys: "Esc", does: "Close a menu, a note box or this list" },
      { keys: "Ctrl+Q", does: "Quit (after the last save)" },
    ],
  },
  {
    title: "Writing",
    shortcuts: [
      { keys: "Enter", does: "Headline → standfirst → text" },
      { keys: "Ctrl+B", does: "Bold" },
      { keys: "Ctrl+I", does: "Italic" },
      { keys: "Ctrl+K", does: "Link" },
      { keys: "Ctrl+Alt+2", does: "Sub-heading" },
      { keys: "Ctrl+'", does: "Quote" },
      { keys: "Ctrl+Shift+8", does: "List" },
      { keys: "Enter on an empty quote or list line", does: "End the quote or list" },
      { keys: "Ctrl+Z / Ctrl+Shift+Z", does: "Undo / redo" },
      { keys: "Ctrl+.", does: "Fix the underlined word at the cursor (spelling, house style)" },
      { keys: "Ctrl+Shift+.", does: "Add the misspelt word at the cursor (a name) to the newsroom's dictionary" },
    ],
  },
];
