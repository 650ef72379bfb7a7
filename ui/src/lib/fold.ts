// Narrowing a short list shown on screen (the section picker) as the journalist types.
// Matching in the desk itself (tags, search) is done in Rust; this only filters what is shown,
// ignoring case and accents the same way ("malmo" matches "Malmö").
export function fold(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
}
