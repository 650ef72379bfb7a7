// Makes a textarea as tall as its text, so a long headline or standfirst is seen whole.
// (CSS `field-sizing: content` would do it, but WebKitGTK does not support it yet.)
export function autogrow(textarea: HTMLTextAreaElement) {
  const fit = () => {
    textarea.style.height = "auto";
    textarea.style.height = `${textarea.scrollHeight}px`;
  };
  const observer = new ResizeObserver(fit);
  observer.observe(textarea);
  textarea.addEventListener("input", fit);
  fit();
  return {
    destroy() {
      observer.disconnect();
      textarea.removeEventListener("input", fit);
    },
  };
}
